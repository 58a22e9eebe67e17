/** The microphone processing the user picked (browser constraints), stored and sent with each call's setup. */
import * as z from 'zod/mini';

export const AudioProcessingSchema = z.object({
  noiseSuppression: z._default(z.boolean(), true),
  echoCancellation: z._default(z.boolean(), true),
  autoGainControl: z._default(z.boolean(), true),
});
export type AudioProcessing = z.infer<typeof AudioProcessingSchema>;

/** Chrome's defaults, and ours: all three on. */
export const defaultAudioProcessing: AudioProcessing = {
  noiseSuppression: true,
  echoCancellation: true,
  autoGainControl: true,
};

/** The settings' order and their labels' message keys (popup, ui-contract.md). */
export const audioProcessingLabels = {
  noiseSuppression: 'audioProcessing.noiseSuppression',
  echoCancellation: 'audioProcessing.echoCancellation',
  autoGainControl: 'audioProcessing.autoGainControl',
} as const satisfies Record<keyof AudioProcessing, `audioProcessing.${keyof AudioProcessing}`>;
