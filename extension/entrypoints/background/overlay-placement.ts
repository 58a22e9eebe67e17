/**
 * Where the call UI shows: the overlay injected into the active tab on demand, following the
 * user across tabs and navigations; a small extension window where no page can host it.
 */
import type { Logger } from '../../lib/log';
import { OverlayHostMessageSchema, portNames } from '../../lib/ports';
import type { FrameKey, OverlayRemove } from '../../lib/ports';
import { loadPlacementState, noPlacement, savePlacementState } from './placement-state';
import type { PlacementState } from './placement-state';
import type { TrustedFrames } from './trusted-frames';

const contentScriptFile = 'content-scripts/overlay-host.js';
const fallbackWindowSize = { width: 380, height: 400 };
/** Issue 14: the pop-out call window, roomy enough for a screen share. */
const popOutWindow = { path: 'overlay.html?window=1&popout=1', width: 560, height: 520 };

function canInject(url: string | undefined): boolean {
  if (!url) return false;
  if (!/^(https?|file):/.test(url)) return false;
  return !/^https:\/\/(chromewebstore\.google\.com|chrome\.google\.com\/webstore)/.test(url);
}

/** Keeps the overlay in the active tab while `isWanted()` is true. */
export class OverlayPlacement {
  #overlayTabId: number | null = null;
  #placing: Promise<void> = Promise.resolve();
  /** Tabs whose page would not let the overlay stay (until they navigate). */
  #evictedTabs = new Set<number>();
  #leftPageListeners = new Set<() => void>();
  /**
   * Popped out by the user (issue 14: the call window shows the call until "Back to tab"), and the
   * call window this worker opened; kept in storage.session through `#set` (placement-state.ts).
   */
  #ui: PlacementState = noPlacement;

  constructor(
    private readonly isWanted: () => boolean,
    private readonly trustedFrames: TrustedFrames,
    private readonly log: Logger,
    signal: AbortSignal,
  ) {
    // A restarted worker carries on where the last one left the call UI (placement-state.ts).
    this.#placing = loadPlacementState().then(
      (state) => {
        this.#ui = state;
      },
      (error: unknown) => log.warn('placement state not restored', { error: String(error) }),
    );
    const follow = () => {
      if (this.isWanted()) this.place();
    };
    const onUpdated = (tabId: number, change: chrome.tabs.OnUpdatedInfo, tab: chrome.tabs.Tab) => {
      if (change.status === 'loading') this.#evictedTabs.delete(tabId);
      if (change.status === 'complete' && tab.active) follow();
    };
    const onHostPort = (port: chrome.runtime.Port) => this.#listenToHost(port);
    const onFocus = (windowId: number) => {
      if (windowId !== chrome.windows.WINDOW_ID_NONE && windowId !== this.#ui.windowId) follow();
    };
    const onWindowRemoved = (windowId: number) => {
      if (windowId !== this.#ui.windowId) return;
      if (this.#callWindowGone()) follow();
    };
    chrome.tabs.onActivated.addListener(follow);
    chrome.tabs.onUpdated.addListener(onUpdated);
    chrome.windows.onFocusChanged.addListener(onFocus);
    chrome.windows.onRemoved.addListener(onWindowRemoved);
    chrome.runtime.onConnect.addListener(onHostPort);
    signal.addEventListener('abort', () => {
      chrome.runtime.onConnect.removeListener(onHostPort);
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

  /** Hear when the call UI leaves the page for the call window (the page evicted it). */
  onLeftPage(listener: () => void): void {
    this.#leftPageListeners.add(listener);
  }

  /** Our content script's port: the only sender of `evicted` is the top frame of a tab. */
  #listenToHost(port: chrome.runtime.Port): void {
    const tabId = port.sender?.tab?.id;
    if (port.name !== portNames.overlayHost || port.sender?.id !== chrome.runtime.id) return;
    if (tabId === undefined || port.sender.frameId !== 0) return port.disconnect();
    port.onMessage.addListener((raw: unknown) => {
      if (!OverlayHostMessageSchema.safeParse(raw).success) return;
      this.log.warn('the page would not keep the overlay: call window instead', { tabId });
      this.#evictedTabs.add(tabId);
      // Placed again after any placement in flight, which may be injecting into this very tab.
      void this.place();
    });
  }

  /** Issue 14: move the call UI to the pop-out call window (true) or back to the active tab (false). */
  popOut(out: boolean): Promise<void> {
    this.#set({ poppedOut: out });
    this.log.info(out ? 'call popped out' : 'call back to the tab');
    return this.place();
  }

  #set(change: Partial<PlacementState>): void {
    this.#ui = { ...this.#ui, ...change };
    void savePlacementState(this.#ui).catch((error: unknown) =>
      this.log.warn('placement state not saved', { error: String(error) }),
    );
  }

  /** Our call window is gone: forget it. True when it was the pop-out, which returns the call to the page. */
  #callWindowGone(): boolean {
    const returnToPage = this.#ui.windowIsPopOut && this.#ui.poppedOut;
    this.#set({ windowId: null, poppedOut: this.#ui.poppedOut && !returnToPage });
    return returnToPage;
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
      this.#set({ poppedOut: false });
      await this.#closeFallbackWindow();
    });
    return this.#placing;
  }

  async #place(): Promise<void> {
    if (!this.isWanted()) return;
    if (this.#ui.poppedOut) return this.#showPoppedOut();
    // Only normal windows host the overlay: the fallback window (type popup) never counts as "in front".
    const window = await chrome.windows.getLastFocused({ windowTypes: ['normal'] }).catch(() => null);
    const [tab] =
      window?.id === undefined ? [] : await chrome.tabs.query({ active: true, windowId: window.id });
    const hostable = tab?.id !== undefined && canInject(tab.url) && !this.#evictedTabs.has(tab.id);
    if (tab?.id !== undefined && hostable && (await this.#injectInto(tab.id))) {
      if (this.#overlayTabId !== null && this.#overlayTabId !== tab.id)
        await this.#removeFrom(this.#overlayTabId);
      this.#overlayTabId = tab.id;
      await this.#closeFallbackWindow();
      return;
    }
    const wasInPage = this.#overlayTabId !== null;
    if (this.#overlayTabId !== null) await this.#removeFrom(this.#overlayTabId);
    this.#overlayTabId = null;
    await this.#openFallbackWindow();
    if (wasInPage) for (const listener of this.#leftPageListeners) listener();
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
    // Our content script keeps the host against the page: it must be told, not have the host removed.
    const remove: OverlayRemove = { ringsideRemove: true };
    await chrome.tabs.sendMessage(tabId, remove, { frameId: 0 }).catch(() => undefined);
    // A host left by a content script that is gone (an older build, a crashed world) goes too.
    await chrome.scripting
      .executeScript({
        target: { tabId },
        func: () => document.querySelectorAll('ringside-overlay').forEach((host) => host.remove()),
      })
      .catch(() => undefined);
  }

  /** Popped out: no overlay in any page, the pop-out call window instead (opened once). */
  async #showPoppedOut(): Promise<void> {
    if (this.#overlayTabId !== null) await this.#removeFrom(this.#overlayTabId);
    this.#overlayTabId = null;
    if (!this.#ui.windowIsPopOut) await this.#closeFallbackWindow();
    await this.#openFallbackWindow(true);
  }

  async #openFallbackWindow(popOut = false): Promise<void> {
    // The pop-out window is left when the call goes back to the page, like the plain call window.
    if (this.#ui.windowId !== null && this.#ui.windowIsPopOut !== popOut) await this.#closeFallbackWindow();
    if (this.#ui.windowId !== null) return;
    const { path, ...size } = popOut
      ? popOutWindow
      : { path: 'overlay.html?window=1', ...fallbackWindowSize };
    // The key in the fragment is how the window proves to the worker that we opened it.
    const key = await this.trustedFrames.issueCallWindowKey();
    const created = await chrome.windows.create({
      url: chrome.runtime.getURL(`${path}#key=${key}`),
      type: 'popup',
      focused: true,
      ...size,
    });
    this.#set({ windowId: created?.id ?? null, windowIsPopOut: popOut });
    this.log.info(popOut ? 'pop-out call window opened' : 'call window opened', {
      windowId: this.#ui.windowId,
    });
    // Closed before `create` answered: its onRemoved came while the id was not known yet.
    const windowId = this.#ui.windowId;
    if (windowId !== null && !(await chrome.windows.get(windowId).then(Boolean, () => false))) {
      this.log.info('call window closed while opening', { windowId });
      if (this.#callWindowGone()) void this.place();
    }
  }

  async #closeFallbackWindow(): Promise<void> {
    const { windowId } = this.#ui;
    if (windowId === null) return;
    this.#set({ windowId: null });
    await chrome.windows.remove(windowId).catch(() => undefined);
  }
}
