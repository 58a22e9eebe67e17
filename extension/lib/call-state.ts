import * as z from 'zod/mini';
import { CallEndReasonSchema, MediaKindSchema, ScreenShareSchema, UserSchema } from '../../protocol';
import { idleRecording, RecordingStateSchema } from './recording-state';

/** Phases of the client call state machine (see ui-contract.md, `call:get-state`). */
export const CallPhaseSchema = z.enum(['idle', 'outgoing', 'incoming', 'connecting', 'active', 'ended']);
export type CallPhase = z.infer<typeof CallPhaseSchema>;

/** Why a call ended on this side: the server's reasons plus local failures. */
export const LocalEndReasonSchema = z.union([CallEndReasonSchema, z.enum(['failed', 'declined'])]);
export type LocalEndReason = z.infer<typeof LocalEndReasonSchema>;

/** The service worker's call snapshot: what every UI renders and what survives a worker restart. */
export const CallSnapshotSchema = z.object({
  phase: CallPhaseSchema,
  callId: z.optional(z.string()),
  peer: z.optional(UserSchema),
  media: z.optional(MediaKindSchema),
  direction: z.optional(z.enum(['incoming', 'outgoing'])),
  endReason: z.optional(LocalEndReasonSchema),
  /** Epoch ms when the call became active (timer origin). */
  activeSince: z.optional(z.number()),
  /** What this side sends. */
  localAudio: z._default(z.boolean(), true),
  localVideo: z._default(z.boolean(), false),
  /** What the peer says it sends (call:media). */
  remoteAudio: z._default(z.boolean(), true),
  remoteVideo: z._default(z.boolean(), false),
  /** Whether this side captured a camera for the call (false for audio calls and "Accept with audio only"). */
  canSendVideo: z._default(z.boolean(), false),
  /** True once the offscreen document holds local media (the overlay may open its video relay). */
  mediaReady: z._default(z.boolean(), false),
  /** Screen share (issue 14): ours and the peer's, as the transceivers carrying them (call:media `screen`). */
  localShare: z._default(z.nullable(ScreenShareSchema), null),
  remoteShare: z._default(z.nullable(ScreenShareSchema), null),
  /** Why a share just changed hands, for the overlay's notice (null: nothing to say). */
  shareNotice: z._default(
    z.nullable(z.enum(['peer-took-over', 'took-over-from-peer', 'share-failed'])),
    null,
  ),
  /** Local recording with consent (issue 15; lib/recording-state.ts). */
  recording: z._default(RecordingStateSchema, idleRecording),
});
export type CallSnapshot = z.infer<typeof CallSnapshotSchema>;

// Defined beside the overlay's zod/mini schemas (no zod classic in the overlay, issue 12).
export { idleSnapshot } from './overlay-wire';
