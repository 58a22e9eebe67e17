/**
 * The overlay's call controls to the worker (`overlay-to-worker`), sent like `lib/messages`'
 * `sendOn` but with the answer checked by the zod/mini `ControlAnswerSchema`, so the overlay's
 * bundle carries no zod classic (issue 12). The worker validates the request as before.
 */
import type { MessageInput, MessageType } from '../../lib/messages';
import type { overlayToWorker } from '../../lib/messages';
import { ControlAnswerSchema } from '../../lib/overlay-wire';
import type { ControlAnswer } from '../../lib/overlay-wire';

type ControlType = keyof (typeof overlayToWorker)['table'] & MessageType;

/** Send a call control and await its validated answer (never throws). */
export async function sendControl<T extends ControlType>(message: MessageInput<T>): Promise<ControlAnswer> {
  let answer: unknown;
  try {
    answer = await chrome.runtime.sendMessage(message);
  } catch (error) {
    console.warn('[ringside] message not delivered', { type: message.type, error: String(error) });
    return { ok: false, error: 'unreachable' };
  }
  const parsed = ControlAnswerSchema.safeParse(answer);
  if (parsed.success) return parsed.data;
  console.warn('[ringside] answer dropped: invalid', { channel: 'overlay-to-worker', type: message.type });
  return { ok: false, error: 'internal' };
}
