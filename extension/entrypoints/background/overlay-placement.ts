/**
 * Where the call UI shows: the overlay injected into the active tab on demand, following the
 * user across tabs and navigations; a small extension window where no page can host it.
 */
import type { Logger } from '../../lib/log';
import type { FrameKey } from '../../lib/ports';
import type { TrustedFrames } from './trusted-frames';

const contentScriptFile = 'content-scripts/overlay-host.js';
const fallbackWindowSize = { width: 380, height: 400 };

function canInject(url: string | undefined): boolean {
  if (!url) return false;
  if (!/^(https?|file):/.test(url)) return false;
  return !/^https:\/\/(chromewebstore\.google\.com|chrome\.google\.com\/webstore)/.test(url);
}

/** Keeps the overlay in the active tab while `isWanted()` is true. */
export class OverlayPlacement {
  #overlayTabId: number | null = null;
  #fallbackWindowId: number | null = null;
  #placing: Promise<void> = Promise.resolve();

  constructor(
    private readonly isWanted: () => boolean,
    private readonly trustedFrames: TrustedFrames,
    private readonly log: Logger,
    signal: AbortSignal,
  ) {
    const follow = () => {
      if (this.isWanted()) this.place();
    };
    const onUpdated = (_tabId: number, change: chrome.tabs.OnUpdatedInfo, tab: chrome.tabs.Tab) => {
      if (change.status === 'complete' && tab.active) follow();
    };
    const onFocus = (windowId: number) => {
      if (windowId !== chrome.windows.WINDOW_ID_NONE && windowId !== this.#fallbackWindowId) follow();
    };
    const onWindowRemoved = (windowId: number) => {
      if (windowId === this.#fallbackWindowId) this.#fallbackWindowId = null;
    };
    chrome.tabs.onActivated.addListener(follow);
    chrome.tabs.onUpdated.addListener(onUpdated);
    chrome.windows.onFocusChanged.addListener(onFocus);
    chrome.windows.onRemoved.addListener(onWindowRemoved);
    signal.addEventListener('abort', () => {
      chrome.tabs.onActivated.removeListener(follow);
      chrome.tabs.onUpdated.removeListener(onUpdated);
      chrome.windows.onFocusChanged.removeListener(onFocus);
      chrome.windows.onRemoved.removeListener(onWindowRemoved);
    });
  }

  /** True when the call UI is visible somewhere (overlay or fallback window). */
  get shownInPage(): boolean {
    return this.#overlayTabId !== null;
  }

  /** Show the call UI in the active tab, or in the fallback window (serialized). */
  place(): Promise<void> {
    this.#placing = this.#placing
      .then(() => this.#place())
      .catch((error) => this.log.error('placing overlay failed', { error: String(error) }));
    return this.#placing;
  }

  /** Remove the overlay from the page and close the fallback window. */
  remove(): Promise<void> {
    this.#placing = this.#placing.then(async () => {
      if (this.#overlayTabId !== null) await this.#removeFrom(this.#overlayTabId);
      this.#overlayTabId = null;
      await this.#closeFallbackWindow();
    });
    return this.#placing;
  }

  async #place(): Promise<void> {
    if (!this.isWanted()) return;
    // Only normal windows host the overlay: the fallback window (type popup) never counts as "in front".
    const window = await chrome.windows.getLastFocused({ windowTypes: ['normal'] }).catch(() => null);
    const [tab] =
      window?.id === undefined ? [] : await chrome.tabs.query({ active: true, windowId: window.id });
    if (tab?.id !== undefined && canInject(tab.url) && (await this.#injectInto(tab.id))) {
      if (this.#overlayTabId !== null && this.#overlayTabId !== tab.id)
        await this.#removeFrom(this.#overlayTabId);
      this.#overlayTabId = tab.id;
      await this.#closeFallbackWindow();
      return;
    }
    if (this.#overlayTabId !== null) await this.#removeFrom(this.#overlayTabId);
    this.#overlayTabId = null;
    await this.#openFallbackWindow();
  }

  async #injectInto(tabId: number): Promise<boolean> {
    try {
      await chrome.scripting.executeScript({ target: { tabId }, files: [contentScriptFile] });
      const key: FrameKey = { ringsideFrameKey: this.trustedFrames.issueKey(tabId) };
      await chrome.tabs.sendMessage(tabId, key, { frameId: 0 });
      this.log.info('overlay injected', { tabId });
      return true;
    } catch (error) {
      this.log.warn('overlay cannot be injected', { tabId, error: String(error) });
      return false;
    }
  }

  async #removeFrom(tabId: number): Promise<void> {
    this.trustedFrames.forgetTab(tabId);
    await chrome.scripting
      .executeScript({
        target: { tabId },
        func: () => document.querySelectorAll('ringside-overlay').forEach((host) => host.remove()),
      })
      .catch(() => undefined);
  }

  async #openFallbackWindow(): Promise<void> {
    if (this.#fallbackWindowId !== null) return;
    const created = await chrome.windows.create({
      url: chrome.runtime.getURL('overlay.html?window=1'),
      type: 'popup',
      focused: true,
      ...fallbackWindowSize,
    });
    this.#fallbackWindowId = created?.id ?? null;
    this.log.info('call window opened', { windowId: this.#fallbackWindowId });
  }

  async #closeFallbackWindow(): Promise<void> {
    if (this.#fallbackWindowId === null) return;
    const windowId = this.#fallbackWindowId;
    this.#fallbackWindowId = null;
    await chrome.windows.remove(windowId).catch(() => undefined);
  }
}
