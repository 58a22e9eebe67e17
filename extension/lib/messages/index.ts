/**
 * The message map between the extension's contexts, one channel per direction:
 * - `ui-to-worker`: popup and permission page -> worker (account, contacts, settings)
 * - `overlay-to-worker`: overlay frame and popup -> worker (call controls, trusted frames only)
 * - `worker-to-offscreen`: worker -> offscreen document (media, peer connection, ringtone)
 * - `offscreen-to-worker`: offscreen document -> worker (media events, keep-alive)
 * Test builds add `debug.ts` (e2e mode only). Every request and answer is validated with zod.
 */
import type { Channel, ChannelTable, RequestInput, RequestOf, ResponseOf } from './channel';
import { sendOnCarrier } from './channel';
import { offscreenToWorker } from './offscreen-to-worker';
import { overlayToWorker } from './overlay-to-worker';
import { uiToWorker } from './ui-to-worker';
import { workerToOffscreen } from './worker-to-offscreen';

type AllTables = (typeof uiToWorker)['table'] &
  (typeof overlayToWorker)['table'] &
  (typeof workerToOffscreen)['table'] &
  (typeof offscreenToWorker)['table'];

export type MessageType = keyof AllTables & string;
export type MessageOf<T extends MessageType> = RequestOf<AllTables, T>;
/** What the caller of `sendMessage` passes: defaults (like `audioOnly`) may be left out. */
export type MessageInput<T extends MessageType> = RequestInput<AllTables, T>;
/** The answer each message type resolves to. */
export type Responses = { [T in MessageType]: ResponseOf<AllTables, T> };

const channels: readonly Channel<ChannelTable>[] = [
  uiToWorker,
  overlayToWorker,
  workerToOffscreen,
  offscreenToWorker,
];

/** Send a typed message to the context that owns its channel and await its validated answer. */
export async function sendMessage<T extends MessageType>(message: MessageInput<T>): Promise<Responses[T]> {
  return (await sendOnCarrier(channels, message as RequestInput<ChannelTable, string>)) as Responses[T];
}

export { dispatch, listenForMessages } from './channel';
export type { ChannelHandlers as Handlers, Failure, Result } from './channel';
export { FailureCodeSchema } from './failure-codes';
export type { FailureCode } from './failure-codes';
export { CallStatsSchema, DeviceChoiceSchema, PermissionStateSchema } from './payloads';
export type { CallStats, DeviceChoice, LocalSignal, MediaPermission } from './payloads';
export { isExtensionSender, isOffscreenSender, isWorkerSender } from './senders';
export { AppStateSchema } from './ui-to-worker';
export type { AppState, ConnectionStatus } from './ui-to-worker';
export { fromTrustedFrame, overlayToWorker } from './overlay-to-worker';
export { offscreenToWorker } from './offscreen-to-worker';
export { uiToWorker } from './ui-to-worker';
export { maxRemoteSignalsPerMessage, workerToOffscreen } from './worker-to-offscreen';
