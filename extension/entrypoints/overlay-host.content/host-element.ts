/**
 * The overlay host: a <ringside-overlay> popover with a closed shadow root holding a <dialog>
 * (shown non-modally, or modally over a page's blocking element) that holds the extension-origin
 * call frame. The page can reach only the host element; its inline `!important` styles beat any
 * page stylesheet, and a page script that rewrites them is undone at once (the frame's visibility
 * gate refuses clicks meanwhile).
 */
import { i18n } from '#i18n';

const hostTag = 'ringside-overlay';
const margin = 16;

/** Inline styles the host keeps: a zero-size, unclipped, untransformed popover the page cannot restyle. */
const hostStyle: Record<string, string> = {
  display: 'block',
  position: 'fixed',
  inset: 'auto',
  width: '0',
  height: '0',
  margin: '0',
  padding: '0',
  border: '0',
  overflow: 'visible',
  background: 'transparent',
  opacity: '1',
  visibility: 'visible',
  filter: 'none',
  transform: 'none',
  translate: 'none',
  scale: 'none',
  rotate: 'none',
  'clip-path': 'none',
  mask: 'none',
  'pointer-events': 'auto',
  'z-index': '2147483647',
  contain: 'none',
  'content-visibility': 'visible',
};

export interface OverlayHost {
  host: HTMLElement;
  dialog: HTMLDialogElement;
  frame: HTMLIFrameElement;
}

export function findExistingHost(doc: Document): Element | null {
  return doc.querySelector(hostTag);
}

export function createOverlayHost(doc: Document, frameUrl: string): OverlayHost {
  const host = doc.createElement(hostTag);
  host.popover = 'manual';
  const shadow = host.attachShadow({ mode: 'closed' });
  const dialog = doc.createElement('dialog');
  const frame = doc.createElement('iframe');
  frame.src = frameUrl;
  frame.title = i18n.t('ringing.panel');
  frame.allow = 'autoplay';
  const style = doc.createElement('style');
  style.textContent = `
    dialog { position: fixed; inset: auto ${margin}px ${margin}px auto; margin: 0; padding: 0; border: 0;
      background: transparent; overflow: visible; max-width: none; max-height: none; color-scheme: normal; }
    dialog::backdrop { background: transparent; }
    iframe { display: block; border: 0; width: 340px; height: 200px; border-radius: 14px;
      box-shadow: 0 8px 30px rgba(0,0,0,.35); background: transparent; color-scheme: normal; }`;
  dialog.append(frame);
  // Escape must not close the call panel (it would hide a ringing call); it still leaves full screen.
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  shadow.append(style, dialog);
  enforceHostStyle(host);
  return { host, dialog, frame };
}

/** The style attribute as we last wrote it, per host: anything else was written by the page. */
const writtenStyle = new WeakMap<HTMLElement, string | null>();

/** Re-apply the host's own inline styles and attributes; true when the page had changed them. */
export function enforceHostStyle(host: HTMLElement): boolean {
  let changed = false;
  if (writtenStyle.get(host) !== host.getAttribute('style')) {
    host.removeAttribute('style');
    for (const [property, value] of Object.entries(hostStyle))
      host.style.setProperty(property, value, 'important');
    writtenStyle.set(host, host.getAttribute('style'));
    changed = true;
  }
  for (const attribute of ['inert', 'hidden', 'class']) {
    if (host.hasAttribute(attribute)) {
      host.removeAttribute(attribute);
      changed = true;
    }
  }
  if (host.popover !== 'manual') {
    host.popover = 'manual';
    changed = true;
  }
  return changed;
}
