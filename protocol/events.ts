import * as z from 'zod/mini';
import { SessionRevokedSchema, type SessionRevoked } from './account.js';
import type { ApiError } from './errors.js';
import {
  CallEndReasonSchema,
  CallQualitySummarySchema,
  CallViewSchema,
  HangupReasonSchema,
  IceCandidateSchema,
  IdSchema,
  MediaKindSchema,
  PresenceSchema,
  SdpSchema,
  SessionDescriptionSchema,
  UserSchema,
} from './schemas.js';

// ---- client -> server payloads ----

export const HandshakeAuthSchema = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(256)),
  deviceId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'deviceId: 8-64 of A-Z a-z 0-9 _ -')),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

export const CallInviteSchema = z.object({ to: IdSchema, media: MediaKindSchema, sdp: SdpSchema });
export type CallInvite = z.infer<typeof CallInviteSchema>;

export const CallAcceptSchema = z.object({ callId: IdSchema, sdp: SdpSchema });
export type CallAccept = z.infer<typeof CallAcceptSchema>;

export const CallRejectSchema = z.object({ callId: IdSchema });
export type CallReject = z.infer<typeof CallRejectSchema>;

export const CallHangupSchema = z.object({
  callId: IdSchema,
  reason: z.optional(HangupReasonSchema),
  /** Addition: the hanging-up client's quality summary, stored with the call. */
  quality: z.optional(CallQualitySummarySchema),
});
export type CallHangup = z.infer<typeof CallHangupSchema>;

/** Trickle ICE (`candidate`, `null` = end of candidates), renegotiation or ICE restart (`description`). */
export const CallSignalSchema = z
  .object({
    callId: IdSchema,
    candidate: z.optional(z.nullable(IceCandidateSchema)),
    description: z.optional(SessionDescriptionSchema),
  })
  .check(
    z.refine((signal) => signal.candidate !== undefined || signal.description !== undefined, {
      message: 'a signal carries a candidate or a description',
    }),
  );
export type CallSignal = z.infer<typeof CallSignalSchema>;

/** The `mid` of an m-line (RFC 8843): what the two peers call a transceiver. */
export const MidSchema = z.string().check(z.minLength(1), z.maxLength(32));

/**
 * Addition: this side's screen share, as the transceivers carrying it (`audio` null when the
 * share has no sound); `null` when it stopped sharing. Absent: unchanged.
 */
export const ScreenShareSchema = z.object({ video: MidSchema, audio: z.nullable(MidSchema) });
export type ScreenShare = z.infer<typeof ScreenShareSchema>;

export const CallMediaSchema = z.object({
  callId: IdSchema,
  audio: z.boolean(),
  video: z.boolean(),
  screen: z.optional(z.nullable(ScreenShareSchema)),
});
export type CallMedia = z.infer<typeof CallMediaSchema>;

/**
 * Addition (issue 15): local recording with consent. One side asks (`request`), the other answers
 * (`allow` / `deny`), either ends it or withdraws a request (`stop`). The server only relays it
 * between the two devices of an active call; the recording itself never leaves the asker's browser.
 */
export const RecordActionSchema = z.enum(['request', 'allow', 'deny', 'stop']);
export type RecordAction = z.infer<typeof RecordActionSchema>;

export const CallRecordEventSchema = z.object({ callId: IdSchema, action: RecordActionSchema });
export type CallRecordEvent = z.infer<typeof CallRecordEventSchema>;

// ---- server -> client payloads ----

export const SessionEventSchema = z.object({
  user: UserSchema,
  deviceId: z.string(),
  calls: z.array(CallViewSchema),
});
export type SessionEvent = z.infer<typeof SessionEventSchema>;

export const CallIncomingSchema = z.object({
  callId: IdSchema,
  from: UserSchema,
  media: MediaKindSchema,
  sdp: z.string(),
  expiresAt: z.string(),
});
export type CallIncoming = z.infer<typeof CallIncomingSchema>;

export const CallAcceptedSchema = z.object({ callId: IdSchema, sdp: z.string() });
export type CallAccepted = z.infer<typeof CallAcceptedSchema>;

export const CallEndedSchema = z.object({ callId: IdSchema, reason: CallEndReasonSchema });
export type CallEnded = z.infer<typeof CallEndedSchema>;

export const PresenceEventSchema = z.object({ userId: IdSchema, presence: PresenceSchema });
export type PresenceEvent = z.infer<typeof PresenceEventSchema>;

// ---- acks ----

export type AckOk<T extends object = Record<never, never>> = { ok: true } & T;
export type AckError = { ok: false; error: ApiError };
export type AckResult<T extends object = Record<never, never>> = AckOk<T> | AckError;
export type Ack<T extends object = Record<never, never>> = (result: AckResult<T>) => void;

// ---- event maps (Socket.IO generics) ----

export interface ClientToServerEvents {
  'call:invite': (payload: CallInvite, ack: Ack<{ callId: string }>) => void;
  'call:accept': (payload: CallAccept, ack: Ack) => void;
  'call:reject': (payload: CallReject, ack: Ack) => void;
  'call:hangup': (payload: CallHangup, ack: Ack) => void;
  'call:signal': (payload: CallSignal, ack: Ack) => void;
  'call:media': (payload: CallMedia, ack: Ack) => void;
  'call:record': (payload: CallRecordEvent, ack: Ack) => void;
}

export interface ServerToClientEvents {
  session: (payload: SessionEvent) => void;
  'call:incoming': (payload: CallIncoming) => void;
  'call:accepted': (payload: CallAccepted) => void;
  'call:signal': (payload: CallSignal) => void;
  'call:media': (payload: CallMedia) => void;
  'call:record': (payload: CallRecordEvent) => void;
  'call:ended': (payload: CallEnded) => void;
  presence: (payload: PresenceEvent) => void;
  'contacts:changed': (payload: Record<string, never>) => void;
  /** Addition: this socket's session was revoked (password change, signed out from elsewhere, account deleted). */
  'session:revoked': (payload: SessionRevoked) => void;
}

/** The schema of each client -> server payload, keyed by event name: the server validates with it. */
export const clientEventSchemas = {
  'call:invite': CallInviteSchema,
  'call:accept': CallAcceptSchema,
  'call:reject': CallRejectSchema,
  'call:hangup': CallHangupSchema,
  'call:signal': CallSignalSchema,
  'call:media': CallMediaSchema,
  'call:record': CallRecordEventSchema,
} as const satisfies Record<keyof ClientToServerEvents, z.ZodMiniType>;

/** The schema of each server -> client payload: clients validate what they receive with it. */
export const serverEventSchemas = {
  session: SessionEventSchema,
  'call:incoming': CallIncomingSchema,
  'call:accepted': CallAcceptedSchema,
  'call:signal': CallSignalSchema,
  'call:media': CallMediaSchema,
  'call:record': CallRecordEventSchema,
  'call:ended': CallEndedSchema,
  presence: PresenceEventSchema,
  'contacts:changed': z.object({}),
  'session:revoked': SessionRevokedSchema,
} as const satisfies Record<keyof ServerToClientEvents, z.ZodMiniType>;
