/** Payload schemas that more than one channel (or chrome.storage) carries. */
import * as z from 'zod/mini';
import {
  IceCandidateSchema,
  IceServerSchema,
  MediaKindSchema,
  SessionDescriptionSchema,
} from '../../../protocol';
import { AudioProcessingSchema, defaultAudioProcessing } from '../audio-processing';

export const DeviceChoiceSchema = z.object({
  microphoneId: z._default(z.string().check(z.maxLength(256)), ''),
  cameraId: z._default(z.string().check(z.maxLength(256)), ''),
  speakerId: z._default(z.string().check(z.maxLength(256)), ''),
});
export type DeviceChoice = z.infer<typeof DeviceChoiceSchema>;

export const PermissionStateSchema = z.enum(['granted', 'denied', 'unknown']);
export type MediaPermission = z.infer<typeof PermissionStateSchema>;

/** One local or remote WebRTC signal: an ICE candidate (null: end of candidates) or a description. */
export const SignalSchema = z.object({
  candidate: z.optional(z.nullable(IceCandidateSchema)),
  description: z.optional(SessionDescriptionSchema),
});
export type LocalSignal = z.infer<typeof SignalSchema>;

/** What the offscreen document needs to open a peer connection. */
export const MediaSetupSchema = z.object({
  media: MediaKindSchema,
  iceServers: z.array(IceServerSchema),
  iceTransportPolicy: z._default(z.enum(['all', 'relay']), 'all'),
  devices: DeviceChoiceSchema,
  audioProcessing: z._default(AudioProcessingSchema, defaultAudioProcessing),
});

/** Statistics of the peer connection (ui-contract.md), read by the e2e build's debug surface. */
export const CallStatsSchema = z.object({
  audioBytesReceived: z.number(),
  audioLevel: z.nullable(z.number()),
  audioBytesSent: z.number(),
  videoFramesDecoded: z.number(),
  videoBytesReceived: z.number(),
  roundTripTimeMs: z.nullable(z.number()),
  localCandidateType: z.nullable(z.string()),
  remoteCandidateType: z.nullable(z.string()),
  connectionState: z.nullable(z.string()),
  /** ICE candidates gathered here, and the peer's candidates applied here (issue 12's privacy check). */
  localCandidates: z.number(),
  remoteCandidates: z.number(),
});
export type CallStats = z.infer<typeof CallStatsSchema>;

/** A recording's file name (issue 15): a plain .webm name in the downloads folder, no path. */
export const RecordingFileNameSchema = z
  .string()
  .check(z.minLength(6), z.maxLength(200), z.regex(/^[^/\\]+\.webm$/, 'a plain .webm file name'));

/** A blob URL the offscreen document made for a finished recording (same extension origin only). */
export const RecordingUrlSchema = z
  .string()
  .check(
    z.maxLength(200),
    z.regex(/^blob:chrome-extension:\/\/[a-p]{32}\/[0-9a-f-]{36}$/, 'a blob URL of this extension'),
  );
