/** Long-lived `chrome.runtime` ports: their names and the validated messages they carry. */
import * as z from 'zod/mini';
import { IceCandidateSchema, SessionDescriptionSchema } from '../../protocol';
import { QualityReportSchema } from './call-quality';
import { CallSnapshotSchema } from './call-state';
import { hostPortNames } from './host-messages';
import { overlayPortNames } from './overlay-wire';

// The content script's messages live in ./host-messages (zod/mini, issue 12).
export {
  FrameKeySchema,
  FrameSizedSchema,
  OverlayHostMessageSchema,
  OverlayLayoutSchema,
  OverlayRemoveSchema,
} from './host-messages';
export type { FrameKey, FrameSized, OverlayHostMessage, OverlayLayout, OverlayRemove } from './host-messages';

export const portNames = {
  /** overlay frame <- worker (`overlayCall`), overlay frame <-> offscreen document (`overlayVideo`). */
  ...overlayPortNames,
  /** popup <- worker: app state and change notices. */
  popup: 'popup',
  ...hostPortNames,
} as const;

export const OverlayCallMessageSchema = z.object({ kind: z.literal('call'), call: CallSnapshotSchema });
export type OverlayCallMessage = z.infer<typeof OverlayCallMessageSchema>;

/** overlay frame -> worker: proves the frame is the one our content script created. */
export const OverlayClaimSchema = z.object({
  kind: z.literal('claim'),
  key: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type OverlayClaim = z.infer<typeof OverlayClaimSchema>;

/** Local relay signaling between the offscreen document and an overlay frame (no ICE servers). */
export const RelaySignalSchema = z.union([
  z.object({ kind: z.literal('description'), description: SessionDescriptionSchema }),
  z.object({ kind: z.literal('candidate'), candidate: z.nullable(IceCandidateSchema) }),
]);
export type RelaySignal = z.infer<typeof RelaySignalSchema>;

/** offscreen document -> overlay frame (same port): what the call panel shows beside the video. */
export const CallDetailsSchema = z.object({
  /** The emoji of the verification code (lib/verification.ts); null until both descriptions are set. */
  verificationCode: z.nullable(z.array(z.string().check(z.maxLength(16))).check(z.maxLength(8))),
  quality: z.nullable(QualityReportSchema),
  /** Poor intervals in a row (the overlay tells the user past `poorIntervalsBeforeNotice`). */
  poorStreak: z.number().check(z.int(), z.gte(0)),
  /** A device ended mid-call and the default one took over (its kind), until the next call. */
  deviceFallback: z._default(z.nullable(z.enum(['audio', 'video'])), null),
});
export type CallDetails = z.infer<typeof CallDetailsSchema>;
export const RelayDetailsSchema = z.object({ kind: z.literal('details'), details: CallDetailsSchema });
export type RelayDetails = z.infer<typeof RelayDetailsSchema>;

export const PopupPortMessageSchema = z.union([
  z.object({ kind: z.literal('app-changed') }),
  z.object({ kind: z.literal('contacts-changed') }),
]);
export type PopupPortMessage = z.infer<typeof PopupPortMessageSchema>;

/** True when a port was opened by a page of this extension (not a content script). */
export function isExtensionPort(port: chrome.runtime.Port): boolean {
  const sender = port.sender;
  return (
    !!sender && sender.id === chrome.runtime.id && (sender.url ?? '').startsWith(chrome.runtime.getURL(''))
  );
}
