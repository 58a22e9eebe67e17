/** Live pushes to open UIs: the call snapshot to trusted overlay frames, change notices to the popup. */
import { idleSnapshot } from '../../lib/call-state';
import type { CallSnapshot } from '../../lib/call-state';
import { isExtensionPort, OverlayClaimSchema, portNames } from '../../lib/ports';
import type { OverlayCallMessage, PopupPortMessage } from '../../lib/ports';
import type { TrustedFrames } from './trusted-frames';

export class UiPorts {
  #overlays = new Set<chrome.runtime.Port>();
  #popups = new Set<chrome.runtime.Port>();

  /** The last published snapshot, sent to each overlay frame as it is admitted. */
  #call: CallSnapshot = { ...idleSnapshot };

  constructor(
    private readonly trustedFrames: TrustedFrames,
    signal: AbortSignal,
  ) {
    const onConnect = (port: chrome.runtime.Port) => {
      // Ports meant for other contexts (the video relay) are left alone: disconnecting here would
      // close them for their other receiver too.
      if (!isExtensionPort(port)) return;
      if (port.name === portNames.popup) this.#track(port, this.#popups);
      if (port.name === portNames.overlayCall) this.#acceptOverlay(port);
    };
    chrome.runtime.onConnect.addListener(onConnect);
    signal.addEventListener('abort', () => {
      chrome.runtime.onConnect.removeListener(onConnect);
      for (const port of [...this.#overlays, ...this.#popups]) port.disconnect();
    });
  }

  publishCall(call: CallSnapshot): void {
    this.#call = call;
    for (const port of this.#overlays) port.postMessage({ kind: 'call', call } satisfies OverlayCallMessage);
    this.notifyPopups({ kind: 'app-changed' });
  }

  notifyPopups(message: PopupPortMessage): void {
    for (const port of this.#popups) port.postMessage(message);
    for (const listener of this.#noticeListeners) listener(message);
  }

  /** Also told every notice the popups get, open or not (the popup's last view, issue 12). */
  onPopupNotice(listener: (message: PopupPortMessage) => void): void {
    this.#noticeListeners.push(listener);
  }
  #noticeListeners: ((message: PopupPortMessage) => void)[] = [];

  /** An overlay sees the call only once trusted: it proved the key of its frame or call window. */
  #acceptOverlay(port: chrome.runtime.Port): void {
    const sender = port.sender ?? {};
    const admit = () => {
      if (this.#overlays.has(port)) return;
      this.#track(port, this.#overlays);
      port.postMessage({ kind: 'call', call: this.#call } satisfies OverlayCallMessage);
    };
    port.onMessage.addListener((raw: unknown) => {
      const claim = OverlayClaimSchema.safeParse(raw);
      if (!claim.success) return;
      void this.trustedFrames.claim(sender, claim.data.key).then((trusted) => {
        if (trusted) admit();
      });
    });
  }

  #track(port: chrome.runtime.Port, set: Set<chrome.runtime.Port>): void {
    set.add(port);
    port.onDisconnect.addListener(() => set.delete(port));
  }
}
