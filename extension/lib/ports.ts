/** Long-lived `chrome.runtime` ports: their names and the validated messages they carry. */
import { z } from 'zod';
import { IceCandidateSchema, SessionDescriptionSchema } from '../../protocol';
import { QualityReportSchema } from './call-quality';
import { CallSnapshotSchema } from './call-state';

export const portNames = {
  /** overlay frame <- worker: the call snapshot, pushed on every transition. */
  overlayCall: 'overlay-call',
  /** overlay frame <-> offscreen document: signaling of the local video relay. */
  overlayVideo: 'overlay-video',
  /** popup <- worker: app state and change notices. */
  popup: 'popup',
  /** overlay host content script -> worker: the page would not let the overlay stay. */
  overlayHost: 'overlay-host',
} as const;

/** overlay host content script -> worker (its tab's port): the page keeps removing or covering it. */
export const OverlayHostMessageSchema = z.object({ kind: z.literal('evicted') });
export type OverlayHostMessage = z.infer<typeof OverlayHostMessageSchema>;

export const OverlayCallMessageSchema = z.object({ kind: z.literal('call'), call: CallSnapshotSchema });
export type OverlayCallMessage = z.infer<typeof OverlayCallMessageSchema>;

/** overlay frame -> worker: proves the frame is the one our content script created. */
export const OverlayClaimSchema = z.object({ kind: z.literal('claim'), key: z.string().min(1).max(64) });
export type OverlayClaim = z.infer<typeof OverlayClaimSchema>;

/**
 * worker -> content script (chrome.tabs.sendMessage) -> its own iframe (postMessage to the
 * extension origin only): a fresh key per injection. A page that embeds overlay.html itself never
 * receives one, so its copy shows nothing and can accept nothing.
 */
export const FrameKeySchema = z.object({ ringsideFrameKey: z.string().min(1).max(64) });

/** worker -> content script: the call no longer needs this tab; remove the overlay (and stop keeping it). */
export const OverlayRemoveSchema = z.object({ ringsideRemove: z.literal(true) });
export type OverlayRemove = z.infer<typeof OverlayRemoveSchema>;
export type FrameKey = z.infer<typeof FrameKeySchema>;

/** Local relay signaling between the offscreen document and an overlay frame (no ICE servers). */
export const RelaySignalSchema = z.union([
  z.object({ kind: z.literal('description'), description: SessionDescriptionSchema }),
  z.object({ kind: z.literal('candidate'), candidate: IceCandidateSchema.nullable() }),
]);
export type RelaySignal = z.infer<typeof RelaySignalSchema>;

/** offscreen document -> overlay frame (same port): what the call panel shows beside the video. */
export const CallDetailsSchema = z.object({
  /** The emoji of the verification code (lib/verification.ts); null until both descriptions are set. */
  verificationCode: z.array(z.string().max(16)).max(8).nullable(),
  quality: QualityReportSchema.nullable(),
  /** Poor intervals in a row (the overlay tells the user past `poorIntervalsBeforeNotice`). */
  poorStreak: z.number().int().min(0),
  /** A device ended mid-call and the default one took over (its kind), until the next call. */
  deviceFallback: z.enum(['audio', 'video']).nullable().default(null),
});
export type CallDetails = z.infer<typeof CallDetailsSchema>;
export const RelayDetailsSchema = z.object({ kind: z.literal('details'), details: CallDetailsSchema });
export type RelayDetails = z.infer<typeof RelayDetailsSchema>;

export const PopupPortMessageSchema = z.union([
  z.object({ kind: z.literal('app-changed') }),
  z.object({ kind: z.literal('contacts-changed') }),
]);
export type PopupPortMessage = z.infer<typeof PopupPortMessageSchema>;

/** Layout requests from the overlay frame to its host content script (window.postMessage). */
export const OverlayLayoutSchema = z.union([
  z.object({
    ringside: z.literal('size'),
    width: z.number().min(40).max(1200),
    height: z.number().min(40).max(1200),
  }),
  z.object({
    ringside: z.literal('move'),
    dx: z.number().min(-4000).max(4000),
    dy: z.number().min(-4000).max(4000),
  }),
]);
export type OverlayLayout = z.infer<typeof OverlayLayoutSchema>;

/** Content script -> its own frame: the size it just applied (the frame enables its buttons once sized). */
export const FrameSizedSchema = z.object({
  ringsideSized: z.object({ width: z.number(), height: z.number() }),
});
export type FrameSized = z.infer<typeof FrameSizedSchema>;

/** True when a port was opened by a page of this extension (not a content script). */
export function isExtensionPort(port: chrome.runtime.Port): boolean {
  const sender = port.sender;
  return (
    !!sender && sender.id === chrome.runtime.id && (sender.url ?? '').startsWith(chrome.runtime.getURL(''))
  );
}
