/** Live pushes to open UIs: the call snapshot to overlay frames, change notices to the popup. */
import type { CallSnapshot } from '../../lib/call-state';
import { isExtensionPort, portNames } from '../../lib/ports';
import type { OverlayCallMessage, PopupPortMessage } from '../../lib/ports';

export class UiPorts {
  #overlays = new Set<chrome.runtime.Port>();
  #popups = new Set<chrome.runtime.Port>();

  constructor(currentCall: () => CallSnapshot, signal: AbortSignal) {
    const onConnect = (port: chrome.runtime.Port) => {
      if (!isExtensionPort(port)) return;
      const set =
        port.name === portNames.overlayCall
          ? this.#overlays
          : port.name === portNames.popup
            ? this.#popups
            : null;
      if (!set) return;
      set.add(port);
      port.onDisconnect.addListener(() => set.delete(port));
      if (set === this.#overlays)
        port.postMessage({ kind: 'call', call: currentCall() } satisfies OverlayCallMessage);
    };
    chrome.runtime.onConnect.addListener(onConnect);
    signal.addEventListener('abort', () => {
      chrome.runtime.onConnect.removeListener(onConnect);
      for (const port of [...this.#overlays, ...this.#popups]) port.disconnect();
    });
  }

  publishCall(call: CallSnapshot): void {
    for (const port of this.#overlays) port.postMessage({ kind: 'call', call } satisfies OverlayCallMessage);
    this.notifyPopups({ kind: 'app-changed' });
  }

  notifyPopups(message: PopupPortMessage): void {
    for (const port of this.#popups) port.postMessage(message);
  }
}
