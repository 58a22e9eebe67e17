/**
 * The one typed message map between the extension's contexts (popup, overlay frame, permission
 * page, offscreen document, service worker). Every message is validated with zod on receipt.
 */
import { z } from 'zod';
import {
  CallRecordSchema,
  ContactsResponseSchema,
  IceCandidateSchema,
  IceServerSchema,
  MediaKindSchema,
  SessionDescriptionSchema,
  UserSchema,
} from '../../protocol';
import type { CallRecord, ContactsResponse, IceServer, User } from '../../protocol';
import type { CallSnapshot } from './call-state';
import type { CallQualitySummary } from './call-quality';

export const DeviceChoiceSchema = z.object({
  microphoneId: z.string().max(256).default(''),
  cameraId: z.string().max(256).default(''),
  speakerId: z.string().max(256).default(''),
});
export type DeviceChoice = z.infer<typeof DeviceChoiceSchema>;

export const PermissionStateSchema = z.enum(['granted', 'denied', 'unknown']);
export type MediaPermission = z.infer<typeof PermissionStateSchema>;

const CredentialsSchema = z.object({
  serverUrl: z.string().url().max(512),
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
const SignalSchema = z.object({
  candidate: IceCandidateSchema.nullable().optional(),
  description: SessionDescriptionSchema.optional(),
});
export type LocalSignal = z.infer<typeof SignalSchema>;
const MediaSetupSchema = z.object({
  media: MediaKindSchema,
  iceServers: z.array(IceServerSchema),
  iceTransportPolicy: z.enum(['all', 'relay']).default('all'),
  devices: DeviceChoiceSchema,
});

const message = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape });

/** Every message any context may send, discriminated by `type`. */
export const MessageSchema = z.discriminatedUnion('type', [
  // popup / permission page -> worker
  message('app:get-state', {}),
  message('auth:sign-in', { ...CredentialsSchema.shape, displayName: z.string().max(64).optional() }),
  message('auth:sign-up', { ...CredentialsSchema.shape, displayName: z.string().max(64).optional() }),
  message('auth:sign-out', {}),
  message('contacts:list', {}),
  message('contacts:add', { username: z.string().min(1).max(64) }),
  message('contacts:remove', { userId: z.string().min(1).max(64) }),
  message('calls:history', {}),
  message('calls:mark-seen', {}),
  message('dnd:set', { dnd: z.boolean() }),
  message('devices:set', { devices: DeviceChoiceSchema }),
  message('permission:changed', { permission: PermissionStateSchema }),
  message('call:start', { peer: UserSchema, media: MediaKindSchema }),
  // overlay frame (extension origin) / popup -> worker
  message('call:accept', { audioOnly: z.boolean().default(false) }),
  message('call:decline', {}),
  message('call:hangup', {}),
  message('call:set-media', { audio: z.boolean(), video: z.boolean() }),
  // extension-only test hooks (ui-contract.md)
  message('call:get-state', {}),
  message('media:get-stats', {}),
  // worker -> offscreen document
  message('offscreen:create-offer', MediaSetupSchema.shape),
  message('offscreen:create-answer', {
    ...MediaSetupSchema.shape,
    offerSdp: z.string(),
    audioOnly: z.boolean(),
  }),
  message('offscreen:remote-signal', SignalSchema.shape),
  message('offscreen:set-media', { audio: z.boolean(), video: z.boolean() }),
  message('offscreen:ringtone', { playing: z.boolean() }),
  message('offscreen:stop', {}),
  message('offscreen:get-stats', {}),
  message('offscreen:quality-summary', {}),
  message('offscreen:switch-device', {
    kind: z.enum(['audio', 'video', 'speaker']),
    deviceId: z.string().max(256),
  }),
  // offscreen document -> worker
  message('offscreen:local-signal', SignalSchema.shape),
  message('offscreen:connection', { state: z.string().max(32) }),
  message('offscreen:keepalive', {}),
  message('overlay:check-frame', { tabId: z.number().int(), frameId: z.number().int() }),
]);
export type Message = z.infer<typeof MessageSchema>;
export type MessageType = Message['type'];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;
/** What the caller of `sendMessage` passes: defaults (like `audioOnly`) may be left out. */
export type MessageInput<T extends MessageType> = Extract<z.input<typeof MessageSchema>, { type: T }>;

export type Failure = { ok: false; error: string };
export type Result<T extends object = Record<never, never>> = ({ ok: true } & T) | Failure;

/** Statistics of the peer connection (ui-contract.md `media:get-stats`). */
export interface CallStats {
  audioBytesReceived: number;
  audioLevel: number | null;
  audioBytesSent: number;
  videoFramesDecoded: number;
  videoBytesReceived: number;
  roundTripTimeMs: number | null;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
  connectionState: string | null;
}

export type ConnectionStatus = 'signed-out' | 'connecting' | 'online' | 'offline';

/** Everything the popup renders, owned by the worker. */
export interface AppState {
  user: User | null;
  serverUrl: string;
  connection: ConnectionStatus;
  call: CallSnapshot;
  dnd: boolean;
  missedCalls: number;
  permission: MediaPermission;
  devices: DeviceChoice;
}

/** The answer each message type resolves to. */
export interface Responses {
  'app:get-state': Result<{ app: AppState }>;
  'auth:sign-in': Result;
  'auth:sign-up': Result;
  'auth:sign-out': Result;
  'contacts:list': Result<{ contacts: ContactsResponse }>;
  'contacts:add': Result;
  'contacts:remove': Result;
  'calls:history': Result<{ calls: CallRecord[] }>;
  'calls:mark-seen': Result;
  'dnd:set': Result;
  'devices:set': Result;
  'permission:changed': Result;
  'call:start': Result;
  'call:accept': Result;
  'call:decline': Result;
  'call:hangup': Result;
  'call:set-media': Result;
  'call:get-state': Result<{ state: CallSnapshot }>;
  'media:get-stats': Result<{ stats: CallStats | null }>;
  'offscreen:create-offer': Result<{ sdp: string }>;
  'offscreen:create-answer': Result<{ sdp: string }>;
  'offscreen:remote-signal': Result;
  'offscreen:set-media': Result;
  'offscreen:ringtone': Result;
  'offscreen:stop': Result;
  'offscreen:get-stats': Result<{ stats: CallStats | null }>;
  'offscreen:quality-summary': Result<{ summary: CallQualitySummary | null }>;
  'offscreen:switch-device': Result;
  'offscreen:local-signal': Result;
  'offscreen:connection': Result;
  'offscreen:keepalive': Result;
  'overlay:check-frame': Result<{ trusted: boolean }>;
}

export type Handlers = {
  [T in MessageType]?: (message: MessageOf<T>, sender: chrome.runtime.MessageSender) => Promise<Responses[T]>;
};

/** Send a typed message to the other extension contexts and await its typed answer. */
export async function sendMessage<T extends MessageType>(message: MessageInput<T>): Promise<Responses[T]> {
  try {
    return (await chrome.runtime.sendMessage(message)) as Responses[T];
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** True when the sender is the offscreen document (the only source of media events). */
export function isOffscreenSender(sender: chrome.runtime.MessageSender): boolean {
  return (
    sender.id === chrome.runtime.id && !sender.tab && sender.url === chrome.runtime.getURL('offscreen.html')
  );
}

/** True when the sender is a page of this extension (never a content script or a web page). */
export function isExtensionSender(sender: chrome.runtime.MessageSender): boolean {
  return sender.id === chrome.runtime.id && (sender.url ?? '').startsWith(chrome.runtime.getURL(''));
}

/**
 * Listen for the message types in `handlers`, validating each message and its sender; messages
 * of other types are left to the other contexts.
 */
export function listenForMessages(
  handlers: Handlers,
  signal: AbortSignal,
  trustSender: (sender: chrome.runtime.MessageSender) => boolean = isExtensionSender,
): void {
  const onMessage = (
    raw: unknown,
    sender: chrome.runtime.MessageSender,
    reply: (answer: unknown) => void,
  ) => {
    const type = (raw as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !(type in handlers)) return false;
    if (!trustSender(sender)) {
      console.warn('[ringside] message refused: forbidden sender', {
        type,
        from: sender.url,
        tab: sender.tab?.id,
      });
      reply({ ok: false, error: 'forbidden' } satisfies Failure);
      return false;
    }
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn('[ringside] message dropped: invalid', { type, from: sender.url });
      reply({ ok: false, error: 'invalid' } satisfies Failure);
      return false;
    }
    void dispatch(handlers, parsed.data, sender).then(reply);
    return true;
  };
  chrome.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => chrome.runtime.onMessage.removeListener(onMessage), { once: true });
}

/** Run the handler for one validated message, turning a throw into a failure answer. */
export async function dispatch(
  handlers: Handlers,
  message: Message,
  sender: chrome.runtime.MessageSender,
): Promise<unknown> {
  const handler = handlers[message.type] as
    ((m: Message, s: chrome.runtime.MessageSender) => Promise<unknown>) | undefined;
  if (!handler) return { ok: false, error: 'unhandled' } satisfies Failure;
  try {
    return await handler(message, sender);
  } catch (error) {
    console.error('[ringside] message handler failed', message.type, error);
    return { ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Failure;
  }
}

export type { IceServer };
export { ContactsResponseSchema, CallRecordSchema };
