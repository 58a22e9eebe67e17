/** The overlay's view of the call: the worker's snapshot over a port, a clock and layout state. */
import type { CallSnapshot } from '../../lib/call-state';
import { FrameKeySchema } from '../../lib/host-messages';
import {
  idleSnapshot,
  OverlayCallMessageSchema,
  overlayPortNames as portNames,
  WorkerStartedSchema,
} from '../../lib/overlay-wire';
import type { ControlAnswer } from '../../lib/overlay-wire';
import type { OverlayClaim } from '../../lib/ports';
import { sendControl as sendMessage } from './call-controls';
import { onFrameSettled } from './frame-layout';
import { lifetimes } from '../../lib/lifetimes';
import { i18n } from '#i18n';

export class OverlayCall {
  call = $state<CallSnapshot>({ ...idleSnapshot });
  now = $state(Date.now());
  minimized = $state(false);
  busy = $state(false);
  /** The worker admitted this frame (its snapshot came on the current port). */
  admitted = $state(false);
  /** The frame has the size it asked for, so its buttons stay where they are drawn. */
  layoutSettled = $state(true);
  /** Call controls are enabled only when a click on them is sure to count (R-F6). */
  readonly ready = $derived(this.admitted && this.layoutSettled);

  readonly peerName = $derived(this.call.peer?.displayName ?? i18n.t('common.unknownPeer'));
  /** A video call, or an audio call either side turned its camera on in (issue 6.4). */
  readonly showsVideo = $derived(
    this.call.media === 'video' || this.call.localVideo || this.call.remoteVideo || this.showsShare,
  );
  /** The peer shares its screen (issue 14): the share takes the stage, the cameras go small. */
  get showsShare(): boolean {
    return this.call.remoteShare !== null;
  }
  readonly elapsedSeconds = $derived(
    this.call.activeSince ? Math.max(0, Math.floor((this.now - this.call.activeSince) / 1000)) : 0,
  );

  #key: string | null = null;
  #port: chrome.runtime.Port | null = null;

  constructor(signal: AbortSignal) {
    // The call window the worker opened carries its key in the fragment; a page's copy has none.
    if (window.parent === window) this.#key = /(?:^#|&)key=([\w-]{1,64})/.exec(location.hash)?.[1] ?? null;
    // Our content script hands this frame its key; the worker shows the call only after the claim.
    window.addEventListener(
      'message',
      (event) => {
        if (event.source !== window.parent || window.parent === window) return;
        const parsed = FrameKeySchema.safeParse(event.data);
        if (!parsed.success) return;
        // A new key means a (possibly restarted) worker placed the overlay again: reconnect, because
        // the old port can outlive the worker (the offscreen document is also a receiving end).
        const changed = this.#key !== parsed.data.ringsideFrameKey;
        this.#key = parsed.data.ringsideFrameKey;
        if (changed && this.#port) {
          this.#port.disconnect();
          this.#connect(signal);
        } else this.#claim();
      },
      { signal },
    );
    // A restarted worker says so: our port may be held by the offscreen document alone (WorkerStarted).
    const onWorkerStarted = (raw: unknown, sender: chrome.runtime.MessageSender) => {
      if (sender.id !== chrome.runtime.id || sender.tab || !WorkerStartedSchema.safeParse(raw).success)
        return;
      this.#port?.disconnect();
      this.#connect(signal);
    };
    chrome.runtime.onMessage.addListener(onWorkerStarted);
    signal.addEventListener('abort', () => chrome.runtime.onMessage.removeListener(onWorkerStarted), {
      once: true,
    });
    this.#connect(signal);
    const stopSettle = onFrameSettled((settled) => (this.layoutSettled = settled));
    signal.addEventListener('abort', stopSettle, { once: true });
    const clock = setInterval(() => (this.now = Date.now()), 1000);
    signal.addEventListener('abort', () => clearInterval(clock));
  }

  /** Whether `key` is the one our content script handed this frame (the worker's key for it). */
  holdsKey(key: string): boolean {
    return this.#key !== null && this.#key === key;
  }

  /** The worker may be restarted by Chrome: reconnecting wakes it and it pushes the snapshot again. */
  #connect(signal: AbortSignal): void {
    if (signal.aborted) return;
    const port = chrome.runtime.connect({ name: portNames.overlayCall });
    this.#port = port;
    this.admitted = false;
    port.onMessage.addListener((raw: unknown) => {
      const parsed = OverlayCallMessageSchema.safeParse(raw);
      if (!parsed.success || this.#port !== port) return;
      this.call = parsed.data.call;
      this.admitted = true;
    });
    port.onDisconnect.addListener(() => {
      const retry = setTimeout(() => this.#connect(signal), lifetimes.overlayReconnectMs);
      signal.addEventListener('abort', () => clearTimeout(retry), { once: true });
    });
    signal.addEventListener('abort', () => port.disconnect(), { once: true });
    this.#claim();
  }

  #claim(): void {
    if (!this.#key || !this.#port) return;
    try {
      this.#port.postMessage({ kind: 'claim', key: this.#key } satisfies OverlayClaim);
    } catch {
      // Disconnected: the reconnect claims again.
    }
  }

  /**
   * Run a call control; a refusal because the worker no longer knows this frame (a restarted
   * worker, a re-keyed injection) is retried once after claiming again, never dropped silently.
   */
  async #act(action: () => Promise<ControlAnswer>): Promise<void> {
    this.busy = true;
    try {
      let result = await action();
      if (!result.ok && result.error === 'forbidden') {
        this.#claim();
        await new Promise((resolve) => setTimeout(resolve, 300));
        result = await action();
      }
      if (!result.ok) console.warn('[ringside:overlay] call control refused', result.error);
    } finally {
      this.busy = false;
    }
  }

  accept(audioOnly: boolean) {
    return this.#act(() => sendMessage({ type: 'call:accept', audioOnly }));
  }
  decline() {
    return this.#act(() => sendMessage({ type: 'call:decline' }));
  }
  hangUp() {
    return this.#act(() => sendMessage({ type: 'call:hangup' }));
  }
  toggleMute() {
    return sendMessage({ type: 'call:set-media', audio: !this.call.localAudio, video: this.call.localVideo });
  }
  /** On a poor connection: stop sending video (call:media tells the peer), keep the audio. */
  dropVideo() {
    return sendMessage({ type: 'call:set-media', audio: this.call.localAudio, video: false });
  }
  // Issue 14: screen share (Chrome's picker opens from the offscreen document) and the pop-out window.
  shareScreen() {
    return this.#act(() => sendMessage({ type: 'call:share-screen' }));
  }
  stopShare() {
    return this.#act(() => sendMessage({ type: 'call:stop-share' }));
  }
  popOut() {
    return this.#act(() => sendMessage({ type: 'call:pop-out' }));
  }
  backToTab() {
    return this.#act(() => sendMessage({ type: 'call:back-to-tab' }));
  }
  // Issue 15: recording with consent.
  record() {
    return this.#act(() => sendMessage({ type: 'call:record' }));
  }
  answerRecording(allow: boolean) {
    return this.#act(() => sendMessage({ type: 'call:record-answer', allow }));
  }
  stopRecording() {
    return this.#act(() => sendMessage({ type: 'call:stop-recording' }));
  }
  toggleCamera() {
    return sendMessage({ type: 'call:set-media', audio: this.call.localAudio, video: !this.call.localVideo });
  }
}
