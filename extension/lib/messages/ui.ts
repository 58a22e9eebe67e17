/**
 * `sendMessage` for the extension's own pages (popup, permission page): only the two channels they
 * send on, so their bundle carries neither the offscreen document's schemas nor the worker's.
 */
import type { Channel, ChannelTable, RequestInput, ResponseOf } from './channel';
import { sendOnCarrier } from './channel';
import { overlayToWorker } from './overlay-to-worker';
import { uiToWorker } from './ui-to-worker';

type UiTables = (typeof uiToWorker)['table'] & (typeof overlayToWorker)['table'];

export type UiMessageType = keyof UiTables & string;
export type UiMessageInput<T extends UiMessageType> = RequestInput<UiTables, T>;
export type UiResponses = { [T in UiMessageType]: ResponseOf<UiTables, T> };

const channels: readonly Channel<ChannelTable>[] = [uiToWorker, overlayToWorker];

/** Send a typed message from an extension page to the worker and await its validated answer. */
export async function sendMessage<T extends UiMessageType>(
  message: UiMessageInput<T>,
): Promise<UiResponses[T]> {
  return (await sendOnCarrier(channels, message as RequestInput<ChannelTable, string>)) as UiResponses[T];
}
