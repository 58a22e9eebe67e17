// The protocol is written in zod/mini (issue 12): the extension's pages build these schemas on every
// opening, and zod classic costs the popup ~19 ms more to build them. The server uses them as they are.
import * as z from 'zod/mini';
import { limits } from './limits.js';

const utf8Bytes = (value: string): number => new TextEncoder().encode(value).length;

export const IdSchema = z.string().check(z.minLength(1), z.maxLength(64));

export const UsernameSchema = z
  .string()
  .check(z.trim(), z.toLowerCase(), z.regex(/^[a-z0-9_.-]{3,32}$/, 'username: 3-32 of a-z 0-9 _ . -'));
export const PasswordSchema = z.string().check(z.minLength(8), z.maxLength(256));
/**
 * Characters a display name may not hold: controls (C0, DEL, C1), bidi embeddings, overrides,
 * isolates and marks (which reorder the text around them: "Alice\u202Egnp.exe"), and invisible
 * ones (zero-width space/non-joiner, word joiner, BOM, invisible operators, Mongolian vowel separator,
 * Hangul fillers). A zero-width joiner is allowed only inside an emoji sequence (family, flags).
 */
const forbiddenInDisplayName =
  /[\p{Cc}\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\u180E\u115F\u1160\u3164\uFFA0]/u;
const strayJoiner = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/u;

/** NFC-normalized, trimmed, 1-64 characters; refuses control, bidi-control and zero-width characters. */
export const DisplayNameSchema = z.string().check(
  z.trim(),
  z.normalize('NFC'),
  z.minLength(1),
  z.maxLength(64),
  z.refine(
    (name) => !forbiddenInDisplayName.test(name) && !strayJoiner.test(name),
    'displayName must not contain control, bidi-override or zero-width characters',
  ),
);

export const UserSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const PresenceSchema = z.enum(['online', 'busy', 'dnd', 'offline']);
export type Presence = z.infer<typeof PresenceSchema>;

export const MediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKindSchema>;

export const CallDirectionSchema = z.enum(['incoming', 'outgoing']);
export type CallDirection = z.infer<typeof CallDirectionSchema>;

/** How a call ended, as sent in `call:ended`. */
export const CallEndReasonSchema = z.enum([
  'hangup',
  'rejected',
  'cancelled',
  'timeout',
  'busy',
  'unavailable',
  'answered_elsewhere',
  'rejected_elsewhere',
  'media_failed',
  'ice_failed',
  'peer_lost',
]);
export type CallEndReason = z.infer<typeof CallEndReasonSchema>;

/** The reasons a client may give when it hangs up. */
export const HangupReasonSchema = z.enum(['hangup', 'media_failed', 'ice_failed']);
export type HangupReason = z.infer<typeof HangupReasonSchema>;

/** A call's outcome in history. */
export const CallStatusSchema = z.enum([
  'answered',
  'missed',
  'rejected',
  'cancelled',
  'busy',
  'unavailable',
  'failed',
]);
export type CallStatus = z.infer<typeof CallStatusSchema>;

export const LiveCallStateSchema = z.enum(['ringing', 'active']);
export type LiveCallState = z.infer<typeof LiveCallStateSchema>;

export const SdpSchema = z.string().check(
  z.minLength(1),
  z.refine((sdp) => utf8Bytes(sdp) <= limits.maxSdpBytes, `sdp larger than ${limits.maxSdpBytes} bytes`),
);

export const IceCandidateSchema = z
  .object({
    candidate: z.optional(z.string()),
    sdpMid: z.optional(z.nullable(z.string())),
    sdpMLineIndex: z.optional(z.nullable(z.number().check(z.int(), z.gte(0), z.lte(1024)))),
    usernameFragment: z.optional(z.nullable(z.string())),
  })
  .check(
    z.refine(
      (candidate) => utf8Bytes(JSON.stringify(candidate)) <= limits.maxCandidateBytes,
      `candidate larger than ${limits.maxCandidateBytes} bytes`,
    ),
  );
export type IceCandidate = z.infer<typeof IceCandidateSchema>;

export const SessionDescriptionSchema = z.object({
  type: z.enum(['offer', 'answer']),
  sdp: SdpSchema,
});
export type SessionDescription = z.infer<typeof SessionDescriptionSchema>;

/** A call this device is part of (or can still answer), as listed in `session`. */
export const CallViewSchema = z.object({
  callId: IdSchema,
  peer: UserSchema,
  direction: CallDirectionSchema,
  media: MediaKindSchema,
  state: LiveCallStateSchema,
  /** ISO timestamp of the last state change. */
  since: z.string(),
  /** Ringing incoming calls only: the offer, so a restarted client can still answer. (Addition.) */
  sdp: z.optional(z.string()),
  /** Ringing calls only: when the ring times out, ISO timestamp. (Addition.) */
  expiresAt: z.optional(z.string()),
});
export type CallView = z.infer<typeof CallViewSchema>;

/** One row of call history. */
/** Addition: the call's quality, measured by the hanging-up client (its getStats samples). */
export const CallQualitySummarySchema = z.object({
  durationS: z.number().check(z.gte(0), z.lte(1_000_000)),
  averageRoundTripTimeMs: z.nullable(z.number().check(z.gte(0), z.lte(600_000))),
  lossPercent: z.number().check(z.gte(0), z.lte(100)),
});
export type CallQualitySummary = z.infer<typeof CallQualitySummarySchema>;

export const CallRecordSchema = z.object({
  id: IdSchema,
  peer: UserSchema,
  direction: CallDirectionSchema,
  media: MediaKindSchema,
  status: CallStatusSchema,
  startedAt: z.string(),
  answeredAt: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
  endReason: z.nullable(CallEndReasonSchema),
  quality: z.optional(CallQualitySummarySchema),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

export const ContactSchema = z.extend(UserSchema, { presence: PresenceSchema });
export type Contact = z.infer<typeof ContactSchema>;

export const IceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.optional(z.string()),
  credential: z.optional(z.string()),
});
export type IceServer = z.infer<typeof IceServerSchema>;
