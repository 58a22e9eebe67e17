/**
 * The overlay's call controls to the worker (`overlay-to-worker`), sent like `lib/messages`'
 * `sendOn` (one `deliver`) but with the answer checked by the zod/mini `ControlAnswerSchema`, so the overlay's
 * bundle carries no zod classic (issue 12). The worker validates the request as before.
 */
import type { MessageInput, MessageType } from '../../lib/messages';
import type { overlayToWorker } from '../../lib/messages';
import { deliver } from '../../lib/messages/deliver';
import { ControlAnswerSchema } from '../../lib/overlay-wire';
import type { ControlAnswer } from '../../lib/overlay-wire';

type ControlType = keyof (typeof overlayToWorker)['table'] & MessageType;

/** Send a call control and await its validated answer (never throws). */
export async function sendControl<T extends ControlType>(message: MessageInput<T>): Promise<ControlAnswer> {
  return deliver(message, 'overlay-to-worker', (answer) => ControlAnswerSchema.safeParse(answer));
}
