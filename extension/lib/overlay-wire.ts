/**
 * What the overlay frame receives on its ports and as answers to its call controls, in zod's
 * tree-shakable mini build (issue 12): the overlay boots on every ringing call, and with these few
 * shapes its bundle carries no zod classic (about 100 KB of script to parse and run before the
 * ringing panel could show) and builds none of the protocol's other schemas. The worker and the
 * offscreen document validate with the shared schemas (`lib/call-state.ts`, `lib/ports.ts`, also
 * zod/mini since session 11); `overlay-wire.test.ts` proves both accept the same values and that
 * the types are the same.
 */
import * as z from 'zod/mini';
import { limits } from '../../protocol/limits';
import type { CallSnapshot } from './call-state';
import type { RecordingState } from './recording-state';

export const overlayPortNames = {
  /** overlay frame <- worker: the call snapshot, pushed on every transition. */
  overlayCall: 'overlay-call',
  /** overlay frame <-> offscreen document: signaling of the local video relay. */
  overlayVideo: 'overlay-video',
} as const;

/**
 * worker -> every extension page (runtime.sendMessage), once it has started and restored its state:
 * a port opened to the previous worker can outlive it (the offscreen document also answers
 * `runtime.connect`), so every overlay surface reconnects and claims again. Without it, a call window
 * (pop-out included) kept a dead port after a worker restart and its controls were refused.
 */
export const WorkerStartedSchema = z.object({ ringsideWorkerStarted: z.literal(true) });
export type WorkerStarted = z.infer<typeof WorkerStartedSchema>;

const utf8Bytes = (value: string): number => new TextEncoder().encode(value).length;
const bounded = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

// protocol/schemas.ts and protocol/events.ts, the fields the overlay reads.
const Id = bounded(1, 64);
const User = z.object({ id: Id, username: z.string(), displayName: z.string() });
const MediaKind = z.enum(['audio', 'video']);
const serverEndReasons = [
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
] as const;
const Mid = bounded(1, 32);
const ScreenShare = z.object({ video: Mid, audio: z.nullable(Mid) });

// lib/recording-state.ts
const RecordingState = z.object({
  phase: z.enum(['idle', 'asking', 'asked', 'recording']),
  recorder: z.nullable(z.enum(['local', 'remote'])),
  since: z.nullable(z.number()),
  notice: z.nullable(
    z.enum(['denied', 'timed-out', 'withdrawn', 'stopped', 'peer-stopped', 'failed', 'saved']),
  ),
});

/** No recording (lib/recording-state.ts re-exports it). */
export const idleRecording: RecordingState = { phase: 'idle', recorder: null, since: null, notice: null };

// lib/call-state.ts
const CallSnapshot = z.object({
  phase: z.enum(['idle', 'outgoing', 'incoming', 'connecting', 'active', 'ended']),
  callId: z.optional(z.string()),
  peer: z.optional(User),
  media: z.optional(MediaKind),
  direction: z.optional(z.enum(['incoming', 'outgoing'])),
  endReason: z.optional(z.enum([...serverEndReasons, 'failed', 'declined'])),
  activeSince: z.optional(z.number()),
  localAudio: z._default(z.boolean(), true),
  localVideo: z._default(z.boolean(), false),
  remoteAudio: z._default(z.boolean(), true),
  remoteVideo: z._default(z.boolean(), false),
  canSendVideo: z._default(z.boolean(), false),
  mediaReady: z._default(z.boolean(), false),
  localShare: z._default(z.nullable(ScreenShare), null),
  remoteShare: z._default(z.nullable(ScreenShare), null),
  shareNotice: z._default(
    z.nullable(z.enum(['peer-took-over', 'took-over-from-peer', 'share-failed'])),
    null,
  ),
  recording: z._default(RecordingState, idleRecording),
});

/** lib/ports.ts `OverlayCallMessageSchema`. */
export const OverlayCallMessageSchema = z.object({ kind: z.literal('call'), call: CallSnapshot });

// protocol/schemas.ts
const SessionDescription = z.object({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().check(
    z.minLength(1),
    z.refine((sdp) => utf8Bytes(sdp) <= limits.maxSdpBytes, `sdp larger than ${limits.maxSdpBytes} bytes`),
  ),
});
const IceCandidate = z
  .object({
    candidate: z.optional(z.string()),
    sdpMid: z.optional(z.nullable(z.string())),
    sdpMLineIndex: z.optional(z.nullable(z.int().check(z.gte(0), z.lte(1024)))),
    usernameFragment: z.optional(z.nullable(z.string())),
  })
  .check(
    z.refine(
      (candidate) => utf8Bytes(JSON.stringify(candidate)) <= limits.maxCandidateBytes,
      `candidate larger than ${limits.maxCandidateBytes} bytes`,
    ),
  );

/** lib/ports.ts `RelaySignalSchema`. */
export const RelaySignalSchema = z.union([
  z.object({ kind: z.literal('description'), description: SessionDescription }),
  z.object({ kind: z.literal('candidate'), candidate: z.nullable(IceCandidate) }),
]);

// lib/call-quality.ts
const QualityReport = z.object({
  level: z.enum(['good', 'fair', 'poor']),
  roundTripTimeMs: z.nullable(z.number()),
  lossPercent: z.number(),
  jitterMs: z.nullable(z.number()),
  bitrateKbps: z.number(),
  framesPerSecond: z.nullable(z.number()),
});

/** lib/ports.ts `RelayDetailsSchema`. */
export const RelayDetailsSchema = z.object({
  kind: z.literal('details'),
  details: z.object({
    verificationCode: z.nullable(z.array(z.string().check(z.maxLength(16))).check(z.maxLength(8))),
    quality: z.nullable(QualityReport),
    poorStreak: z.int().check(z.gte(0)),
    deviceFallback: z._default(z.nullable(z.enum(['audio', 'video'])), null),
  }),
});

/**
 * The worker's answer to a call control (lib/messages/channel.ts): `{ ok: true }` or a failure
 * code. The overlay acts only on `ok` and on `forbidden`, so any short code string is accepted.
 */
export const ControlAnswerSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: bounded(1, 64) }),
]);
export type ControlAnswer = z.infer<typeof ControlAnswerSchema>;

/** The snapshot of no call (what every UI shows before the worker's first push). */
export const idleSnapshot: CallSnapshot = {
  phase: 'idle',
  localAudio: true,
  localVideo: false,
  remoteAudio: true,
  remoteVideo: false,
  mediaReady: false,
  canSendVideo: false,
  localShare: null,
  remoteShare: null,
  shareNotice: null,
  recording: idleRecording,
};

/** How many poor intervals in a row before the user is told and video may drop to audio. */
export const poorIntervalsBeforeNotice = 3;
