/** Payload schemas that more than one channel (or chrome.storage) carries. */
import { z } from 'zod';
import {
  IceCandidateSchema,
  IceServerSchema,
  MediaKindSchema,
  SessionDescriptionSchema,
} from '../../../protocol';
import { AudioProcessingSchema, defaultAudioProcessing } from '../audio-processing';

export const DeviceChoiceSchema = z.object({
  microphoneId: z.string().max(256).default(''),
  cameraId: z.string().max(256).default(''),
  speakerId: z.string().max(256).default(''),
});
export type DeviceChoice = z.infer<typeof DeviceChoiceSchema>;

export const PermissionStateSchema = z.enum(['granted', 'denied', 'unknown']);
export type MediaPermission = z.infer<typeof PermissionStateSchema>;

/** One local or remote WebRTC signal: an ICE candidate (null: end of candidates) or a description. */
export const SignalSchema = z.object({
  candidate: IceCandidateSchema.nullable().optional(),
  description: SessionDescriptionSchema.optional(),
});
export type LocalSignal = z.infer<typeof SignalSchema>;

/** What the offscreen document needs to open a peer connection. */
export const MediaSetupSchema = z.object({
  media: MediaKindSchema,
  iceServers: z.array(IceServerSchema),
  iceTransportPolicy: z.enum(['all', 'relay']).default('all'),
  devices: DeviceChoiceSchema,
  audioProcessing: AudioProcessingSchema.default(defaultAudioProcessing),
});

/** Statistics of the peer connection (ui-contract.md), read by the e2e build's debug surface. */
export const CallStatsSchema = z.object({
  audioBytesReceived: z.number(),
  audioLevel: z.number().nullable(),
  audioBytesSent: z.number(),
  videoFramesDecoded: z.number(),
  videoBytesReceived: z.number(),
  roundTripTimeMs: z.number().nullable(),
  localCandidateType: z.string().nullable(),
  remoteCandidateType: z.string().nullable(),
  connectionState: z.string().nullable(),
  /** ICE candidates gathered here, and the peer's candidates applied here (issue 12's privacy check). */
  localCandidates: z.number(),
  remoteCandidates: z.number(),
});
export type CallStats = z.infer<typeof CallStatsSchema>;

/** A recording's file name (issue 15): a plain .webm name in the downloads folder, no path. */
export const RecordingFileNameSchema = z
  .string()
  .min(6)
  .max(200)
  .regex(/^[^/\\]+\.webm$/, 'a plain .webm file name');

/** A blob URL the offscreen document made for a finished recording (same extension origin only). */
export const RecordingUrlSchema = z
  .string()
  .max(200)
  .regex(/^blob:chrome-extension:\/\/[a-p]{32}\/[0-9a-f-]{36}$/, 'a blob URL of this extension');
