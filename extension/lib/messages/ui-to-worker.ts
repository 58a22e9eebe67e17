/** Popup and permission page -> service worker: the account, contacts, history and settings. */
import { z } from 'zod';
import { CallRecordSchema, ContactsResponseSchema, IceServerSchema, UserSchema } from '../../../protocol';
import { AudioProcessingSchema, defaultAudioProcessing } from '../audio-processing';
import { CallSnapshotSchema } from '../call-state';
import { defineChannel } from './channel';
import { DeviceChoiceSchema, PermissionStateSchema } from './payloads';
import { isExtensionSender } from './senders';

export const ConnectionStatusSchema = z.enum(['signed-out', 'connecting', 'online', 'offline']);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

/** Everything the popup renders, owned by the worker. */
export const AppStateSchema = z.object({
  user: UserSchema.nullable(),
  serverUrl: z.string(),
  connection: ConnectionStatusSchema,
  call: CallSnapshotSchema,
  dnd: z.boolean(),
  missedCalls: z.number(),
  permission: PermissionStateSchema,
  devices: DeviceChoiceSchema,
  audioProcessing: AudioProcessingSchema.default(defaultAudioProcessing),
});
export type AppState = z.infer<typeof AppStateSchema>;

const credentials = {
  serverUrl: z.string().url().max(512),
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  displayName: z.string().max(64).optional(),
};

/** Any page of the extension may ask; content scripts and web pages may not. */
export const uiToWorker = defineChannel('ui-to-worker', isExtensionSender, {
  'app:get-state': { request: {}, response: { app: AppStateSchema } },
  'auth:sign-in': { request: credentials, response: {} },
  'auth:sign-up': { request: credentials, response: {} },
  'auth:sign-out': { request: {}, response: {} },
  'contacts:list': { request: {}, response: { contacts: ContactsResponseSchema } },
  'contacts:add': { request: { username: z.string().min(1).max(64) }, response: {} },
  'contacts:remove': { request: { userId: z.string().min(1).max(64) }, response: {} },
  'calls:history': { request: {}, response: { calls: z.array(CallRecordSchema) } },
  'calls:mark-seen': { request: {}, response: {} },
  'dnd:set': { request: { dnd: z.boolean() }, response: {} },
  'devices:set': { request: { devices: DeviceChoiceSchema }, response: {} },
  'permission:changed': { request: { permission: PermissionStateSchema }, response: {} },
  /** Microphone processing: stored, and applied to the call's microphone at once. */
  'audio:set-processing': { request: { processing: AudioProcessingSchema }, response: {} },
  /** Fresh ICE servers (TURN credentials included) for the popup's "Test my setup" network check. */
  'setup:ice-servers': { request: {}, response: { iceServers: z.array(IceServerSchema) } },
});
