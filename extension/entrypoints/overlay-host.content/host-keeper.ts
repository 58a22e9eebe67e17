/**
 * Keeps the overlay host attached, unstyled by the page and on top of the page's top layer for as
 * long as the content script lives: it follows full screen, modal dialogs and popovers the page
 * opens, puts the host back when the page removes it or replaces <body>, and undoes style changes.
 * A page that keeps fighting past the re-attach budget is left: the host goes, and `onEvicted`
 * asks the worker for the extension's own call window. Every put-right after the first placement
 * calls `onReshown`, so the frame's visibility gate restarts its clocks.
 */
import { chooseHostLayer } from './host-layer';
import type { HostLayer } from './host-layer';
import { enforceHostStyle } from './host-element';
import type { OverlayHost } from './host-element';
import { ReattachPolicy } from './reattach-policy';

/** The safety net beside the observers: a cheap check of place, style and cover, once a second. */
const checkIntervalMs = 1_000;

export class HostKeeper {
  readonly #policy = new ReattachPolicy();
  /** Re-raises above the page's own popovers and dialogs: a page opening them 20 times in 10 s is fighting. */
  readonly #raises = new ReattachPolicy({ attempts: 20, windowMs: 10_000 });
  #modal = false;
  #evicted = false;

  constructor(
    private readonly overlay: OverlayHost,
    private readonly frameUrl: string,
    private readonly onEvicted: () => void,
    private readonly onReshown: () => void,
    private readonly signal: AbortSignal,
  ) {}

  start(): void {
    const { host } = this.overlay;
    this.#apply(chooseHostLayer(document, host), true);
    // A busy page mutates its DOM all the time: these checks skip the hit test, which forces layout.
    const onPage = new MutationObserver(() => this.check({ hitTest: false }));
    onPage.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['open'] });
    const onHost = new MutationObserver(() => this.check({ hitTest: false }));
    onHost.observe(host, { attributes: true });
    const options = { capture: true, signal: this.signal };
    document.addEventListener('fullscreenchange', () => this.check(), options);
    document.addEventListener(
      'toggle',
      (event) => {
        // Another popover or dialog opened above us: show ours again so it is last in the top layer.
        if (event.target !== host && (event as ToggleEvent).newState === 'open') this.check({ raise: true });
      },
      options,
    );
    // A page may navigate our frame away (window.frames[i].location is settable for any child frame):
    // the frame then holds a page-origin document the content script can read; ours it cannot.
    this.overlay.frame.addEventListener('load', () => this.#reloadIfNavigatedAway(), options);
    const timer = setInterval(() => this.check(), checkIntervalMs);
    this.signal.addEventListener(
      'abort',
      () => {
        onPage.disconnect();
        onHost.disconnect();
        clearInterval(timer);
      },
      { once: true },
    );
  }

  /**
   * Put things right if the page changed them; `raise` re-shows the host even if all looks well;
   * `hitTest` also checks that nothing the page draws covers it (the 1 s check and full screen).
   */
  check({ raise = false, hitTest = true }: { raise?: boolean; hitTest?: boolean } = {}): void {
    if (this.#evicted || this.signal.aborted) return;
    const { host } = this.overlay;
    const removed = !host.isConnected;
    const restyled = enforceHostStyle(host);
    const covered = !removed && hitTest && this.#covered();
    const layer = chooseHostLayer(document, host);
    const moved = host.parentElement !== layer.parent || layer.modal !== this.#modal;
    if (!removed && !restyled && !covered && !moved && !raise && this.#shown()) return;
    // Following the page's own top layer is expected; removing, restyling or covering us is fighting.
    const now = performance.now();
    if ((removed || restyled || covered) && !this.#policy.allow(now)) return this.#evict();
    if (raise && !this.#raises.allow(now)) return this.#evict();
    this.#apply(layer, false);
  }

  #apply(layer: HostLayer, first: boolean): void {
    const { host, dialog } = this.overlay;
    if (host.parentElement !== layer.parent) {
      const parent = layer.parent as Element & { moveBefore?: (node: Node, child: Node | null) => void };
      // moveBefore keeps the frame's document (and the call panel) alive; append reloads it.
      if (host.isConnected && !first && parent.moveBefore) {
        try {
          parent.moveBefore(host, null);
        } catch {
          parent.append(host);
        }
      } else parent.append(host);
    }
    if (host.matches(':popover-open')) host.hidePopover();
    host.showPopover();
    if (layer.modal !== this.#modal || layer.modal || !dialog.open) {
      if (dialog.open) dialog.close();
      // The non-modal dialog is opened by attribute: dialog.show() would move focus off the page.
      if (layer.modal) dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    this.#modal = layer.modal;
    if (!first) this.onReshown();
  }

  #shown(): boolean {
    const { host, dialog } = this.overlay;
    return host.matches(':popover-open') && dialog.open && dialog.matches(':modal') === this.#modal;
  }

  /** Something the page draws is hit first at the centre of our panel. */
  #covered(): boolean {
    const rect = this.overlay.dialog.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return hit !== null && hit !== this.overlay.host;
  }

  #reloadIfNavigatedAway(): void {
    const { frame } = this.overlay;
    if (this.#evicted || frame.contentDocument === null) return;
    if (!this.#policy.allow(performance.now())) return this.#evict();
    frame.src = this.frameUrl;
  }

  #evict(): void {
    this.#evicted = true;
    this.overlay.host.remove();
    this.onEvicted();
  }
}
