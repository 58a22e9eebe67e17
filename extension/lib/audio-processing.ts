/** The microphone processing the user picked (browser constraints), stored and sent with each call's setup. */
import { z } from 'zod';

export const AudioProcessingSchema = z.object({
  noiseSuppression: z.boolean().default(true),
  echoCancellation: z.boolean().default(true),
  autoGainControl: z.boolean().default(true),
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
