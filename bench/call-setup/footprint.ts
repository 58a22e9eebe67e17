/**
 * The extension's footprint: what it puts into pages when no call is happening, its bundle
 * sizes (raw and gzipped) per entry point, and the popup's time to show the contact list.
 */
import type { Page } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Profile } from '../../e2e/fixtures/profile.js';
import { readMarks } from './probes.js';
import { summarize, type Summary } from './stats.js';

export interface BundleSize {
  entry: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

/** Files an HTML entry or a JS module pulls in statically (scripts, modulepreloads, stylesheets, imports). */
function closure(dir: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const rel = path.normalize(file).replace(/^\/+/, '');
    if (seen.has(rel)) return;
    seen.add(rel);
    const text = readFileSync(path.join(dir, rel), 'utf8');
    const refs: string[] = [];
    if (rel.endsWith('.html')) {
      for (const m of text.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"/g)) refs.push(m[1]!);
    } else if (rel.endsWith('.js')) {
      for (const m of text.matchAll(/(?:from|import)\s*["'`](\.{0,2}\/[^"'`]+)["'`]/g)) refs.push(m[1]!);
    }
    for (const ref of refs) {
      if (/^[a-z]+:/i.test(ref)) continue;
      const target = ref.startsWith('/') ? ref : path.join(path.dirname(rel), ref);
      visit(target);
    }
  };
  visit(entry);
  return [...seen];
}

export function bundleSize(dir: string, entry: string): BundleSize {
  const files = closure(dir, entry);
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(path.join(dir, file));
    rawBytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { entry, files, rawBytes, gzipBytes };
}

export function bundleSizes(dir: string): BundleSize[] {
  const entries = [
    'background.js',
    'overlay.html',
    'content-scripts/overlay-host.js',
    'offscreen.html',
    'popup.html',
    'permission.html',
  ];
  return entries
    .filter((entry) => statSync(path.join(dir, entry), { throwIfNoEntry: false }))
    .map((e) => bundleSize(dir, e));
}

export interface ManifestFootprint {
  contentScripts: unknown[];
  webAccessibleResources: unknown[];
  hostPermissions: string[];
  permissions: string[];
}

export function manifestFootprint(dir: string): ManifestFootprint {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return {
    contentScripts: (manifest.content_scripts as unknown[] | undefined) ?? [],
    webAccessibleResources: (manifest.web_accessible_resources as unknown[] | undefined) ?? [],
    hostPermissions: (manifest.host_permissions as string[] | undefined) ?? [],
    permissions: (manifest.permissions as string[] | undefined) ?? [],
  };
}

export interface PageInjection {
  url: string;
  /** Scripts the page's renderer parsed from chrome-extension:// or in an extension's isolated world. */
  extensionScripts: { url: string; bytes: number }[];
  injectedBytes: number;
  /** Execution contexts other than the page's own main world (content-script isolated worlds). */
  isolatedWorlds: string[];
  /** Requests the page made for chrome-extension:// resources. */
  extensionRequests: string[];
  overlayElements: number;
  /** What chrome.scripting.getRegisteredContentScripts() answers in the service worker. */
  registeredContentScripts: unknown[];
}

/**
 * Opens `url` in a fresh tab with CDP watching from before the navigation. `collect()` reports every
 * script and isolated world the extension put into the page so far (Playwright's own utility world
 * is not counted).
 */
export async function watchPage(
  profile: Profile,
  url: string,
): Promise<{ page: Page; collect: () => Promise<PageInjection> }> {
  const page = await profile.context.newPage();
  const cdp = await profile.context.newCDPSession(page);
  const contexts = new Map<number, { origin: string; name: string; type: string }>();
  const scripts: { url: string; bytes: number; contextId: number }[] = [];
  const requests: string[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = (context.auxData ?? {}) as { type?: string };
    contexts.set(context.id, { origin: context.origin, name: context.name, type: aux.type ?? '' });
  });
  cdp.on('Debugger.scriptParsed', (event) => {
    const length = (event as { length?: number }).length ?? 0;
    scripts.push({ url: event.url, bytes: length, contextId: event.executionContextId });
  });
  cdp.on('Network.requestWillBeSent', ({ request }) => {
    if (request.url.startsWith('chrome-extension://')) requests.push(request.url);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Debugger.enable');
  await cdp.send('Network.enable');
  await page.goto(url);
  await page.bringToFront();
  const collect = async (): Promise<PageInjection> => {
    const extensionWorlds = [...contexts.entries()].filter(
      ([, c]) =>
        c.origin.startsWith('chrome-extension://') ||
        (c.type === 'isolated' && !c.name.startsWith('__playwright')),
    );
    const worldIds = new Set(extensionWorlds.map(([id]) => id));
    const extensionScripts = scripts
      .filter((s) => s.url.startsWith('chrome-extension://') || worldIds.has(s.contextId))
      .map(({ url: u, bytes }) => ({ url: u, bytes }));
    const overlayElements = await page.evaluate(() => document.querySelectorAll('ringside-overlay').length);
    const worker = await profile.worker();
    const registeredContentScripts = await worker.evaluate(() =>
      chrome.scripting.getRegisteredContentScripts(),
    );
    return {
      url,
      extensionScripts,
      injectedBytes: extensionScripts.reduce((sum, s) => sum + s.bytes, 0),
      isolatedWorlds: extensionWorlds.map(([, c]) => `${c.type || 'context'} ${c.name || c.origin}`),
      extensionRequests: requests,
      overlayElements,
      registeredContentScripts,
    };
  };
  return { page, collect };
}

/** A page with no call: load it, wait `settleMs`, report what the extension injected (none expected). */
export async function pageInjection(profile: Profile, url: string, settleMs = 3_000): Promise<PageInjection> {
  const { page, collect } = await watchPage(profile, url);
  await page.waitForTimeout(settleMs);
  const result = await collect();
  await page.close();
  return result;
}

/**
 * Opens popup.html as a tab `runs` times (a signed-in profile) and reads when the `Contacts` list
 * first had an entry, in ms since the document's navigation start (performance.now()).
 */
export async function popupTimeToContacts(
  profile: Profile,
  runs: number,
): Promise<{ samples: number[]; summary: Summary }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page: Page = await profile.context.newPage();
    await page.goto(profile.extensionUrl('popup.html'));
    await page.locator('ul[aria-label="Contacts"] li:not(.empty)').first().waitFor({ timeout: 15_000 });
    const marks = await readMarks(page);
    if (marks.contactsShownMs !== undefined) samples.push(Math.round(marks.contactsShownMs));
    await page.close();
  }
  return { samples, summary: summarize(samples) };
}
