/**
 * Injected on demand into the active tab (never on page load): the overlay host (host-element.ts)
 * kept on top of the page by HostKeeper. The page sees only the host element; tokens, call ids,
 * streams and the Accept button live inside the extension-origin frame.
 */
// Never lib/ports here: it pulls in all of zod (this script is injected into the page per call).
import {
  FrameKeySchema,
  hostPortNames,
  OverlayLayoutSchema,
  OverlayRemoveSchema,
} from '../../lib/host-messages';
import type { FrameKey, FrameReshown, FrameSized, OverlayHostMessage } from '../../lib/host-messages';
import { createOverlayHost, findExistingHost } from './host-element';
import { HostKeeper } from './host-keeper';

export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    if (findExistingHost(document)) return;
    const frameUrl = chrome.runtime.getURL('/overlay.html');
    const overlay = createOverlayHost(document, frameUrl);
    const { frame, dialog } = overlay;

    // Tells the worker when the page would not let the overlay stay: it opens the call window.
    const workerPort = chrome.runtime.connect({ name: hostPortNames.overlayHost });
    ctx.onInvalidated(() => workerPort.disconnect());
    const extensionOrigin = new URL(chrome.runtime.getURL('/')).origin;
    // The worker's key for this injection (below); it also vouches for our "re-shown" notices.
    let frameKey: FrameKey | null = null;
    const keeping = new AbortController();
    const keeper = new HostKeeper(
      overlay,
      frameUrl,
      () => workerPort.postMessage({ kind: 'evicted' } satisfies OverlayHostMessage),
      () => {
        if (!frameKey) return;
        const reshown: FrameReshown = { ringsideReshown: frameKey.ringsideFrameKey };
        frame.contentWindow?.postMessage(reshown, extensionOrigin);
      },
      AbortSignal.any([keeping.signal, ctx.signal]),
    );
    keeper.start();

    let offsetX = 0;
    let offsetY = 0;
    const onFrameMessage = (event: MessageEvent) => {
      // Only our frame's window can be the source; the page cannot forge that.
      if (event.source !== frame.contentWindow) return;
      const parsed = OverlayLayoutSchema.safeParse(event.data);
      if (!parsed.success) return;
      const layout = parsed.data;
      if (layout.ringside === 'size') {
        frame.style.width = `${layout.width}px`;
        frame.style.height = `${layout.height}px`;
        // Tell the frame its size is applied: it keeps its buttons disabled until then, so a click
        // never lands where a button was before the frame moved (R-F6).
        const sized: FrameSized = { ringsideSized: { width: layout.width, height: layout.height } };
        frame.contentWindow?.postMessage(sized, extensionOrigin);
      } else {
        offsetX = clamp(offsetX + layout.dx, -window.innerWidth + 120, 0);
        offsetY = clamp(offsetY + layout.dy, -window.innerHeight + 60, 0);
        // The dialog is inside the closed shadow root: the page cannot move it.
        dialog.style.translate = `${offsetX}px ${offsetY}px`;
      }
    };
    window.addEventListener('message', onFrameMessage, { signal: ctx.signal });

    // The worker's key for this injection goes to our own frame only, addressed to the extension
    // origin: a page-made copy of overlay.html never gets it. The frame reloads when the page
    // removed the host and we put it back: each load gets the key again.
    let frameLoaded = false;
    const handKeyToFrame = () => {
      if (frameKey && frameLoaded) frame.contentWindow?.postMessage(frameKey, extensionOrigin);
    };
    const onWorkerMessage = (raw: unknown, sender: chrome.runtime.MessageSender) => {
      if (sender.id !== chrome.runtime.id || sender.tab) return;
      if (OverlayRemoveSchema.safeParse(raw).success) {
        // The worker removes the overlay: stop keeping it first, or the keeper would put it back.
        keeping.abort();
        overlay.host.remove();
        return;
      }
      const parsed = FrameKeySchema.safeParse(raw);
      if (!parsed.success) return;
      frameKey = parsed.data;
      handKeyToFrame();
    };
    chrome.runtime.onMessage.addListener(onWorkerMessage);
    ctx.onInvalidated(() => chrome.runtime.onMessage.removeListener(onWorkerMessage));
    frame.addEventListener(
      'load',
      () => {
        frameLoaded = true;
        handKeyToFrame();
      },
      { signal: ctx.signal },
    );
    ctx.onInvalidated(() => overlay.host.remove());
  },
});

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
