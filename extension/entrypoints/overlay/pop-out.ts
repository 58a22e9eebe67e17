/**
 * "Keep on top" in the pop-out call window (issue 14): a Document Picture-in-Picture window holding
 * a second call panel, above every other window and application.
 *
 * Why it is opened here and not from the page: a Picture-in-Picture window belongs to the document
 * that opened it. Opened by the page's content script (the click in our cross-origin frame gives the
 * page the activation it needs), it is a same-origin window of the page: `documentPictureInPicture.window`
 * hands the page its DOM, so the page could remove, cover or mimic our frame in it, or close it; and
 * Chromium closes it when that tab navigates (tried on Chromium 156), so the call could not stay in
 * it while the user browses on. Opened by this extension page (tried on Chromium 156 from a
 * `chrome.windows.create` popup window), it is an extension-origin window no web page can reach, and
 * no tab's navigation closes it. The cost: a second click, because the activation of the click in the
 * page does not pass to a window the worker opens.
 */
import { mount, unmount } from 'svelte';
import { i18n } from '#i18n';

interface PictureInPictureApi {
  requestWindow(options: { width: number; height: number }): Promise<Window>;
  readonly window: Window | null;
}

const onTopSize = { width: 440, height: 400 };

/** True when this browser can keep a call window on top (Document Picture-in-Picture). */
export function canKeepOnTop(): boolean {
  return 'documentPictureInPicture' in window;
}

/**
 * Open the always-on-top window with the call panel (needs the user's click); `onClosed` runs when it
 * closes, by its own close button or by `close()`. Null when the browser refused.
 */
export async function keepOnTop(onClosed: () => void): Promise<{ close: () => void } | null> {
  const api = (window as Window & { documentPictureInPicture?: PictureInPictureApi })
    .documentPictureInPicture;
  if (!api) return null;
  let onTop: Window;
  try {
    onTop = await api.requestWindow(onTopSize);
  } catch (error) {
    console.warn('[ringside:overlay] keep on top refused', String(error));
    return null;
  }
  copyStyles(document, onTop.document);
  onTop.document.title = i18n.t('ringing.panel');
  onTop.document.documentElement.lang = 'en';
  const target = onTop.document.createElement('div');
  target.id = 'app';
  onTop.document.body.append(target);
  // Loaded here, not at the top: OverlayApp itself imports this module.
  const { default: OverlayApp } = await import('./OverlayApp.svelte');
  const app = mount(OverlayApp, { target, props: { surface: 'on-top' } });
  onTop.addEventListener(
    'pagehide',
    () => {
      void unmount(app);
      onClosed();
    },
    { once: true },
  );
  return { close: () => onTop.close() };
}

/** The panel's styles (the bundle's stylesheets) in the new window. */
function copyStyles(from: Document, to: Document): void {
  for (const sheet of Array.from(from.styleSheets)) {
    const owner = sheet.ownerNode;
    if (owner instanceof HTMLLinkElement) {
      const link = to.createElement('link');
      link.rel = 'stylesheet';
      link.href = owner.href;
      to.head.append(link);
    } else {
      const style = to.createElement('style');
      style.textContent = Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n');
      to.head.append(style);
    }
  }
}
