/** Popup and permission page -> service worker: the account, contacts, history and settings. */
import * as z from 'zod/mini';
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
  user: z.nullable(UserSchema),
  serverUrl: z.string(),
  connection: ConnectionStatusSchema,
  call: CallSnapshotSchema,
  dnd: z.boolean(),
  missedCalls: z.number(),
  permission: PermissionStateSchema,
  devices: DeviceChoiceSchema,
  /** Why the server signed this browser out (password changed elsewhere, ...), until the next sign-in. */
  signedOutReason: z.nullable(SessionRevokedReasonSchema),
  audioProcessing: z._default(AudioProcessingSchema, defaultAudioProcessing),
});
export type AppState = z.infer<typeof AppStateSchema>;

const bounded = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
/** A user, session or contact id as the popup sends it. */
const Id = bounded(1, 64);

const credentials = {
  serverUrl: z.string().check(z.url(), z.maxLength(512)),
  username: bounded(1, 64),
  password: bounded(1, 256),
  displayName: z.optional(z.string().check(z.maxLength(64))),
};

/** Any page of the extension may ask; content scripts and web pages may not. */
export const uiToWorker = defineChannel('ui-to-worker', isExtensionSender, {
  'app:get-state': { request: {}, response: { app: AppStateSchema } },
  'auth:sign-in': { request: credentials, response: {} },
  'auth:sign-up': { request: credentials, response: {} },
  'auth:sign-out': { request: {}, response: {} },
  'contacts:list': { request: {}, response: { contacts: ContactsResponseSchema } },
  'contacts:add': { request: { username: bounded(1, 64) }, response: {} },
  'contacts:remove': { request: { userId: Id }, response: {} },
  'calls:history': { request: {}, response: { calls: z.array(CallRecordSchema) } },
  'calls:mark-seen': { request: {}, response: {} },
  'dnd:set': { request: { dnd: z.boolean() }, response: {} },
  'devices:set': { request: { devices: DeviceChoiceSchema }, response: {} },
  'permission:changed': { request: { permission: PermissionStateSchema }, response: {} },
  // blocking (POST/DELETE /api/contacts/:userId/block)
  'contacts:block': { request: { userId: Id }, response: {} },
  'contacts:unblock': { request: { userId: Id }, response: {} },
  // the account (protocol/account.ts)
  'account:sessions': { request: {}, response: { sessions: z.array(DeviceSessionSchema) } },
  'account:sign-out-session': { request: { sessionId: Id }, response: {} },
  'account:change-password': {
    request: { currentPassword: bounded(1, 256), newPassword: PasswordSchema },
    response: {},
  },
  'account:delete': { request: { password: bounded(1, 256) }, response: {} },
  /** Microphone processing: stored, and applied to the call's microphone at once. */
  'audio:set-processing': { request: { processing: AudioProcessingSchema }, response: {} },
  /** Fresh ICE servers (TURN credentials included) for the popup's "Test my setup" network check. */
  'setup:ice-servers': { request: {}, response: { iceServers: z.array(IceServerSchema) } },
});
