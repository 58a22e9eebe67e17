/**
 * Which overlay frames may see and control the call. Each injection gets a fresh key that only
 * our content script learns (chrome.tabs.sendMessage) and hands to its own iframe; a frame proves
 * itself by sending the key back. Top-level extension pages (popup, call window) are trusted.
 */
export class TrustedFrames {
  #keys = new Map<number, string>();
  #trusted = new Set<string>();

  /** A new key for the overlay just injected into `tabId`; the old frames of that tab lose trust. */
  issueKey(tabId: number): string {
    const key = crypto.randomUUID();
    this.#keys.set(tabId, key);
    return key;
  }

  /** Record a frame's claim; true when its key is the tab's current one. */
  claim(sender: chrome.runtime.MessageSender, key: string): boolean {
    const tabId = sender.tab?.id;
    if (tabId === undefined || sender.frameId === undefined || this.#keys.get(tabId) !== key) return false;
    this.#trusted.add(`${tabId}:${sender.frameId}`);
    return true;
  }

  forgetTab(tabId: number): void {
    this.#keys.delete(tabId);
    for (const entry of [...this.#trusted]) if (entry.startsWith(`${tabId}:`)) this.#trusted.delete(entry);
  }

  /** True for top-level extension pages and for frames that proved their key. */
  isTrusted(tabId: number | undefined, frameId: number | undefined): boolean {
    if (frameId === 0 || tabId === undefined) return true;
    return this.#trusted.has(`${tabId}:${frameId}`);
  }

  isTrustedSender(sender: chrome.runtime.MessageSender): boolean {
    return this.isTrusted(sender.tab?.id, sender.frameId);
  }
}
