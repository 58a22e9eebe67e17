/**
 * What the worker keeps across restarts: sign-in and preferences in chrome.storage.local,
 * the live call in chrome.storage.session (gone when the browser restarts, like the call).
 * Everything read back is validated.
 */
import * as z from 'zod/mini';
import { UserSchema } from '../../../protocol';
import { CallSnapshotSchema, idleSnapshot } from '../../lib/call-state';
import type { CallSnapshot } from '../../lib/call-state';
import { AudioProcessingSchema, defaultAudioProcessing } from '../../lib/audio-processing';
import { DeviceChoiceSchema, PermissionStateSchema } from '../../lib/messages';
import { CallSessionRecordSchema } from './call/call-session';
import type { CallSessionRecord } from './call/call-session';

const LocalStateSchema = z.object({
  serverUrl: z._default(z.string(), ''),
  token: z._default(z.nullable(z.string()), null),
  user: z._default(z.nullable(UserSchema), null),
  deviceId: z._default(z.string(), ''),
  devices: z._default(DeviceChoiceSchema, { microphoneId: '', cameraId: '', speakerId: '' }),
  permission: z._default(PermissionStateSchema, 'unknown'),
  audioProcessing: z._default(AudioProcessingSchema, defaultAudioProcessing),
  missedCalls: z._default(z.number().check(z.int(), z.gte(0)), 0),
});
export type LocalState = z.infer<typeof LocalStateSchema>;

/** The state of a profile that never signed in. */
export function emptyLocalState(): LocalState {
  return LocalStateSchema.parse({});
}

const SessionStateSchema = z.object({
  call: z._default(CallSnapshotSchema, idleSnapshot),
  /** The call's session (offer, signaling open), null when idle. */
  session: z._default(z.nullable(CallSessionRecordSchema), null),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

const localKey = 'ringside';
const sessionKey = 'ringside-call';

function newDeviceId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** Read the persisted sign-in and preferences, creating the device id on first run. */
export async function loadLocalState(): Promise<LocalState> {
  const stored = (await chrome.storage.local.get(localKey))[localKey];
  const parsed = LocalStateSchema.safeParse(stored ?? {});
  const state = parsed.success ? parsed.data : emptyLocalState();
  if (!state.deviceId) {
    state.deviceId = newDeviceId();
    await saveLocalState(state);
  }
  return state;
}

export async function saveLocalState(state: LocalState): Promise<void> {
  await chrome.storage.local.set({ [localKey]: state });
}

/** Read the live call as the previous worker left it. */
export async function loadSessionState(): Promise<SessionState> {
  const stored = (await chrome.storage.session.get(sessionKey))[sessionKey];
  const parsed = SessionStateSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : SessionStateSchema.parse({});
}

export async function saveSessionState(call: CallSnapshot, session: CallSessionRecord | null) {
  await chrome.storage.session.set({ [sessionKey]: { call, session } satisfies SessionState });
}
