/** Popup and permission page -> service worker: the account, contacts, history and settings. */
import { z } from 'zod';
import {
  CallRecordSchema,
  ContactsResponseSchema,
  DeviceSessionSchema,
  IceServerSchema,
  PasswordSchema,
  SessionRevokedReasonSchema,
  UserSchema,
} from '../../../protocol';
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
  /** Why the server signed this browser out (password changed elsewhere, ...), until the next sign-in. */
  signedOutReason: SessionRevokedReasonSchema.nullable(),
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
  // blocking (POST/DELETE /api/contacts/:userId/block)
  'contacts:block': { request: { userId: z.string().min(1).max(64) }, response: {} },
  'contacts:unblock': { request: { userId: z.string().min(1).max(64) }, response: {} },
  // the account (protocol/account.ts)
  'account:sessions': { request: {}, response: { sessions: z.array(DeviceSessionSchema) } },
  'account:sign-out-session': { request: { sessionId: z.string().min(1).max(64) }, response: {} },
  'account:change-password': {
    request: { currentPassword: z.string().min(1).max(256), newPassword: PasswordSchema },
    response: {},
  },
  'account:delete': { request: { password: z.string().min(1).max(256) }, response: {} },
  /** Microphone processing: stored, and applied to the call's microphone at once. */
  'audio:set-processing': { request: { processing: AudioProcessingSchema }, response: {} },
  /** Fresh ICE servers (TURN credentials included) for the popup's "Test my setup" network check. */
  'setup:ice-servers': { request: {}, response: { iceServers: z.array(IceServerSchema) } },
});
