/**
 * Injected on demand into the active tab (never on page load): a <ringside-overlay> host with a
 * closed shadow root holding the extension-origin call frame. The page sees only the host element;
 * tokens, call ids, streams and the Accept button live inside the frame.
 */
import { FrameKeySchema, OverlayLayoutSchema } from '../../lib/ports';
import type { FrameKey, FrameSized } from '../../lib/ports';

const hostTag = 'ringside-overlay';
const margin = 16;

export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    if (document.querySelector(hostTag)) return;
    const host = document.createElement(hostTag);
    const shadow = host.attachShadow({ mode: 'closed' });
    const frame = document.createElement('iframe');
    frame.src = chrome.runtime.getURL('/overlay.html');
    frame.title = 'Ringside call';
    frame.allow = 'autoplay';
    const style = document.createElement('style');
    style.textContent = `
      :host { all: initial; position: fixed; right: ${margin}px; bottom: ${margin}px; z-index: 2147483647; }
      iframe { display: block; border: 0; width: 340px; height: 200px; border-radius: 14px;
        box-shadow: 0 8px 30px rgba(0,0,0,.35); background: transparent; color-scheme: normal; }`;
    shadow.append(style, frame);
    (document.body ?? document.documentElement).append(host);

    const extensionOrigin = new URL(chrome.runtime.getURL('/')).origin;
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
        host.style.transform = `translate(${offsetX}px, ${offsetY}px)`;
      }
    };
    window.addEventListener('message', onFrameMessage, { signal: ctx.signal });

    // The worker's key for this injection goes to our own frame only, addressed to the extension
    // origin: a page-made copy of overlay.html never gets it.
    let frameKey: FrameKey | null = null;
    let frameLoaded = false;
    const handKeyToFrame = () => {
      if (frameKey && frameLoaded) frame.contentWindow?.postMessage(frameKey, extensionOrigin);
    };
    const onWorkerMessage = (raw: unknown, sender: chrome.runtime.MessageSender) => {
      if (sender.id !== chrome.runtime.id || sender.tab) return;
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
    ctx.onInvalidated(() => host.remove());
  },
});

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
