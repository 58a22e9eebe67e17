/**
 * In-page probes for the call set-up benchmark. Every timestamp is `Date.now()` taken inside the
 * browser at the moment the event happens (one wall clock shared by both Chromium profiles, the
 * server and this process on one machine), so no polling delay of the test process is measured.
 */
import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';

/** Marks one page or frame keeps in `window.__ringsideBench`. */
export interface PageMarks {
  /** `click:<accessible name>` -> Date.now() of the last click on that button (capture phase). */
  [key: `click:${string}`]: number | undefined;
  /** Overlay frame: text `<name> is calling` first in the DOM. */
  ringingShown?: number;
  /** Overlay frame: text `Calling <name>` first in the DOM. */
  callingShown?: number;
  /** Overlay frame: first requestVideoFrameCallback of any `video[aria-label="Remote video"]`. */
  firstRemoteFrame?: number;
  /** Popup: the `Contacts` list first has a contact entry (performance.now(), ms since navigation start). */
  contactsShownMs?: number;
  /** Overlay frame: Date.now() when the document started (performance.timeOrigin). */
  documentStart?: number;
  /** Overlay frame: the app root first has content (Svelte mounted). */
  appMounted?: number;
  /** Overlay frame: the frame's `load` event (what the content script waits for to hand over the key). */
  loadEvent?: number;
  /** Overlay frame: first remote video element in the DOM. */
  remoteVideoInDom?: number;
}

/**
 * Runs in every document of the context (Playwright init script, also in the extension's overlay
 * frame inside web pages and in popup.html). It only observes: no behaviour of the extension changes.
 */
export function installPageProbes(): void {
  const w = window as unknown as { __ringsideBench?: Record<string, number | undefined> };
  if (w.__ringsideBench) return;
  const marks: Record<string, number | undefined> = {};
  w.__ringsideBench = marks;
  const href = location.href;
  if (!href.startsWith('chrome-extension://')) return;
  const isOverlay = href.includes('/overlay.html');
  const isPopup = href.includes('/popup.html') || href.includes('/popup-floor.html');
  marks.documentStart = Math.round(performance.timeOrigin);
  document.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest?.('button');
      const name = button?.getAttribute('aria-label') ?? button?.textContent?.trim();
      if (name) marks[`click:${name}`] = Date.now();
    },
    true,
  );
  const watched = new WeakSet<HTMLVideoElement>();
  const check = () => {
    if (isPopup && marks.contactsShownMs === undefined) {
      if (document.querySelector('ul[aria-label="Contacts"] li:not(.empty)'))
        marks.contactsShownMs = performance.now();
    }
    if (!isOverlay) return;
    if (marks.appMounted === undefined && (document.getElementById('app')?.childElementCount ?? 0) > 0)
      marks.appMounted = Date.now();
    const text = document.body?.textContent ?? '';
    if (marks.ringingShown === undefined && text.includes(' is calling')) marks.ringingShown = Date.now();
    if (marks.callingShown === undefined && text.includes('Calling ')) marks.callingShown = Date.now();
    for (const video of document.querySelectorAll<HTMLVideoElement>('video[aria-label="Remote video"]')) {
      if (watched.has(video)) continue;
      watched.add(video);
      marks.remoteVideoInDom ??= Date.now();
      video.requestVideoFrameCallback(() => {
        marks.firstRemoteFrame ??= Date.now();
      });
    }
  };
  if (isOverlay) window.addEventListener('load', () => (marks.loadEvent = Date.now()));
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  check();
}

export async function addProbes(context: BrowserContext): Promise<void> {
  // tsx (esbuild keepNames) wraps named inner functions in `__name(...)`, which pages do not have.
  await context.addInitScript({
    content: `var __name = globalThis.__name || ((f) => f); (${installPageProbes.toString()})();`,
  });
}

export async function readMarks(target: Page | Frame): Promise<PageMarks> {
  return target.evaluate(
    () => ({ ...((window as unknown as { __ringsideBench?: object }).__ringsideBench ?? {}) }) as PageMarks,
  );
}

/** One call phase change as the worker persisted it to chrome.storage.session (`ringside-call`). */
export interface PhaseMark {
  phase: string;
  at: number;
}

/**
 * Records, in the service worker, every phase change of the persisted call snapshot
 * (`chrome.storage.session['ringside-call'].call.phase`) with Date.now() of the change event.
 */
export async function watchWorkerPhases(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const g = globalThis as unknown as { __benchPhases?: { phase: string; at: number }[] };
    if (g.__benchPhases) return;
    const phases: { phase: string; at: number }[] = [];
    g.__benchPhases = phases;
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area !== 'session' || !changes['ringside-call']) return;
      const at = Date.now();
      const phase = (changes['ringside-call'].newValue as { call?: { phase?: string } } | undefined)?.call
        ?.phase;
      const last = phases[phases.length - 1];
      if (phase && last?.phase !== phase) phases.push({ phase, at });
      if (phases.length > 500) phases.shift();
    });
  });
}

/** Takes (and clears) the phase changes the worker recorded since the last call. */
export async function takeWorkerPhases(worker: Worker): Promise<PhaseMark[]> {
  return worker.evaluate(() => {
    const g = globalThis as unknown as { __benchPhases?: { phase: string; at: number }[] };
    return (g.__benchPhases ?? []).splice(0);
  });
}
