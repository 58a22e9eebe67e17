/**
 * Which extension pages may see and control the call.
 *
 * - Pages with no tab (the toolbar popup, the offscreen document) are ours by construction.
 * - Top-level tabs showing a page that is not web-accessible (popup.html opened as a tab, the
 *   permission page): no web page or other extension can open those.
 * - overlay.html is web-accessible, so any page can frame it or open it in a window. A copy is
 *   trusted only when it proves a key the worker handed out: each injection gets a fresh key that
 *   only our content script learns (chrome.tabs.sendMessage) and gives to its own iframe; the call
 *   window the worker opens carries its key in the URL fragment. A page-made copy, framed or
 *   top-level, has no key and sees nothing.
 */
const overlayPath = '/overlay.html';
const callWindowKeyItem = 'callWindowKey';

export interface FrameSender {
  tabId?: number;
  frameId?: number;
  url?: string;
}

export class TrustedFrames {
  #keys = new Map<number, string>();
  #trusted = new Set<string>();
  #callWindowKey: string | null = null;

  /** A new key for the overlay just injected into `tabId`; the old frames of that tab lose trust. */
  issueKey(tabId: number): string {
    const key = crypto.randomUUID();
    this.#keys.set(tabId, key);
    return key;
  }

  /**
   * The key for the next call window. Kept in storage.session (trusted contexts only) so a call
   * window outlives a worker restart: it claims again on reconnect.
   */
  async issueCallWindowKey(): Promise<string> {
    const key = crypto.randomUUID();
    this.#callWindowKey = key;
    await chrome.storage.session.set({ [callWindowKeyItem]: key });
    return key;
  }

  /** Record a frame's claim; true when its key is the one handed out for it. */
  async claim(sender: chrome.runtime.MessageSender, key: string): Promise<boolean> {
    const tabId = sender.tab?.id;
    const frameId = sender.frameId;
    if (tabId === undefined || frameId === undefined) return false;
    const expected = frameId === 0 ? await this.#currentCallWindowKey() : this.#keys.get(tabId);
    if (expected === undefined || expected === null || expected !== key) return false;
    this.#trusted.add(`${tabId}:${frameId}`);
    return true;
  }

  forgetTab(tabId: number): void {
    this.#keys.delete(tabId);
    for (const entry of [...this.#trusted]) if (entry.startsWith(`${tabId}:`)) this.#trusted.delete(entry);
  }

  /** True for extension pages no web page can open, and for overlay copies that proved their key. */
  isTrusted({ tabId, frameId, url }: FrameSender): boolean {
    // Content scripts (ours included) run in web pages: never a source of call controls.
    if (!url?.startsWith(chrome.runtime.getURL(''))) return false;
    if (tabId === undefined) return true;
    if (frameId === undefined) return false;
    if (frameId === 0 && !isOverlayPage(url)) return true;
    return this.#trusted.has(`${tabId}:${frameId}`);
  }

  isTrustedSender(sender: chrome.runtime.MessageSender): boolean {
    return this.isTrusted({ tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url });
  }

  async #currentCallWindowKey(): Promise<string | null> {
    if (this.#callWindowKey) return this.#callWindowKey;
    const stored: unknown = (await chrome.storage.session.get(callWindowKeyItem))[callWindowKeyItem];
    this.#callWindowKey = typeof stored === 'string' && stored.length > 0 ? stored : null;
    return this.#callWindowKey;
  }
}

/** The web-accessible call page, whatever its query or fragment (an unparsable URL counts as it). */
function isOverlayPage(url: string): boolean {
  try {
    return new URL(url).pathname === overlayPath;
  } catch {
    return true;
  }
}
