/**
 * What the call core depends on, as interfaces: the worker wires the real socket, offscreen
 * document, overlay placement, notifications and storage; the unit specs wire fakes.
 */
import type { ClientToServerEvents, IceServer, MediaKind } from '../../../../protocol';
import type { CallSnapshot } from '../../../lib/call-state';
import type { Logger } from '../../../lib/log';
import type { AudioProcessing } from '../../../lib/audio-processing';
import type { DeviceChoice } from '../../../lib/messages';
import type { askOffscreen, sendRemoteSignal, tellOffscreen } from '../offscreen-document';
import type { Signaling } from '../signaling';
import type { CallSessionRecord } from './call-session';

/** The server connection as the call core sees it: acked emits only. */
export interface SignalingPort {
  emit: Signaling['emit'];
}

/**
 * The offscreen document: `ask` if it exists (null otherwise), `tell` creates it first; `signal`
 * hands it the peer's next signal (in order, batched).
 */
export interface MediaPort {
  ask: typeof askOffscreen;
  tell: typeof tellOffscreen;
  signal: typeof sendRemoteSignal;
}

export interface PlacementPort {
  place(): Promise<void>;
  remove(): Promise<void>;
  readonly shownInPage: boolean;
  /** Issue 14: show the call in the pop-out call window (true) or back in the page (false). */
  popOut(out: boolean): Promise<void>;
  /** The call UI moved from the page to the call window (the page would not keep the overlay). */
  onLeftPage(listener: () => void): void;
}

export interface AlertsPort {
  showIncoming(call: CallSnapshot): Promise<void>;
  clearIncoming(): Promise<void>;
}

export interface CallStore {
  save(call: CallSnapshot, session: CallSessionRecord | null): Promise<void>;
}

export interface IceConfig {
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
}

export interface CallDeps {
  log: Logger;
  /** Null while signed out. */
  signaling: () => SignalingPort | null;
  iceServers: () => Promise<IceConfig | null>;
  devices: () => DeviceChoice;
  /** The stored microphone processing (defaults when absent). */
  audioProcessing?: () => AudioProcessing;
  media: MediaPort;
  /** Built by the core with its "is there a call" test. */
  placement: (wanted: () => boolean) => PlacementPort;
  alerts: AlertsPort;
  store: CallStore;
  onMissedCall: () => void;
  signal: AbortSignal;
}

export type ClientEvent = keyof ClientToServerEvents;
export type { MediaKind };
