/**
 * Popup opening benchmark (issue 12), run on demand (never in CI):
 *
 *   RINGSIDE_EXTENSION_DIR=/path/to/e2e-build npx tsx bench/popup-open.ts --runs 15
 *
 * A signed-in profile with one contact opens `popup.html` as a tab `runs` times and reads when the
 * `Contacts` list first has an entry (ms since navigation start, the probe of call-setup/probes.ts).
 * The floor, in the same run and the same browser, alternating with the popup: `popup-floor.html`,
 * a page added to a copy of the build that holds the same list as static HTML with the popup's
 * stylesheets and no script, so it is what the browser alone needs to show an extension page.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { makeContacts, registerUser } from '../e2e/fixtures/api.js';
import { extensionDir, Profile } from '../e2e/fixtures/profile.js';
import { startServer } from '../e2e/fixtures/server.js';
import { addProbes, readMarks } from './call-setup/probes.js';
import { loadAverage, summarize, type Summary } from './call-setup/stats.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    out: { type: 'string', default: path.join(tmpdir(), 'ringside-bench', 'popup-open.json') },
  },
});
const runs = Number(args.runs);

/** A copy of the build with `popup-floor.html`: the popup's stylesheets, the list as static HTML. */
async function buildWithFloorPage(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ringside-popup-floor-'));
  await cp(extensionDir, dir, { recursive: true });
  const popupHtml = await readFile(path.join(dir, 'popup.html'), 'utf8');
  const styles = [...popupHtml.matchAll(/<link rel="stylesheet"[^>]*>/g)].map((m) => m[0]).join('\n');
  await writeFile(
    path.join(dir, 'popup-floor.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ringside</title>${styles}</head>` +
      `<body><div id="app"><main><ul aria-label="Contacts"><li>Bob Baker Online</li></ul></main></div></body></html>`,
  );
  return dir;
}

interface Opening {
  shown?: number;
  responseEnd: number;
  domInteractive: number;
  /** popup/main.ts's marks: its module graph evaluated, and `mount` returned. */
  modules?: number;
  mounted?: number;
}

async function open(profile: Profile, file: string): Promise<Opening> {
  const page: Page = await profile.context.newPage();
  await page.goto(profile.extensionUrl(file));
  await page.locator('ul[aria-label="Contacts"] li:not(.empty)').first().waitFor({ timeout: 15_000 });
  const marks = await readMarks(page);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    // No named inner functions here: tsx's keepNames would wrap them in a `__name` pages lack.
    return {
      responseEnd: nav.responseEnd,
      domInteractive: nav.domInteractive,
      modules: performance.getEntriesByName('ringside:popup-modules')[0]?.startTime,
      mounted: performance.getEntriesByName('ringside:popup-mounted')[0]?.startTime,
    };
  });
  await page.close();
  return { shown: marks.contactsShownMs, ...timing };
}

async function main(): Promise<void> {
  const dir = await buildWithFloorPage();
  const server = await startServer({ logLevel: 'info' });
  let profile: Profile | undefined;
  try {
    const alice = await registerUser(server.url, 'alice', 'Alice Archer');
    const bob = await registerUser(server.url, 'bob', 'Bob Baker');
    await makeContacts(server.url, alice, bob);
    profile = await Profile.launch({ label: 'alice', extensionDir: dir });
    await addProbes(profile.context);
    await profile.signIn(server.url, alice.username, alice.password, alice.displayName);
    // One opening of each first: the first of a profile compiles what later ones find cached.
    await open(profile, 'popup.html');
    await open(profile, 'popup-floor.html');
    const popup: Opening[] = [];
    const floor: Opening[] = [];
    const loads: string[] = [];
    for (let i = 0; i < runs; i++) {
      loads.push(loadAverage());
      popup.push(await open(profile, 'popup.html'));
      floor.push(await open(profile, 'popup-floor.html'));
    }
    const pick = (list: Opening[], key: keyof Opening) => summarize(list.map((o) => o[key]));
    const result = {
      when: new Date().toISOString(),
      extensionDir,
      runs,
      popupShown: pick(popup, 'shown'),
      popupResponseEnd: pick(popup, 'responseEnd'),
      popupDomInteractive: pick(popup, 'domInteractive'),
      popupModules: pick(popup, 'modules'),
      popupMounted: pick(popup, 'mounted'),
      floorShown: pick(floor, 'shown'),
      floorResponseEnd: pick(floor, 'responseEnd'),
      loads,
      loadAtEnd: loadAverage(),
      popup,
      floor,
    };
    await mkdir(path.dirname(args.out), { recursive: true });
    await writeFile(args.out, JSON.stringify(result, null, 2));
    const base = result.floorShown.median;
    const row = (name: string, s: Summary) =>
      `| ${name} | ${s.n} | ${Math.round(s.median)} | ${Math.round(s.p90)} | ${(s.median / base).toFixed(2)}x |`;
    console.info(`load averages: ${loads[0]} .. ${result.loadAtEnd}`);
    console.info(
      '| metric (ms since navigation start) | n | median | p90 | median / floor |\n|---|---|---|---|---|',
    );
    console.info(row('floor: static list page shown', result.floorShown));
    console.info(row('floor: its document received', result.floorResponseEnd));
    console.info(row('popup: document received', result.popupResponseEnd));
    console.info(row('popup: HTML parsed (domInteractive)', result.popupDomInteractive));
    console.info(row('popup: module graph evaluated (main.ts runs)', result.popupModules));
    console.info(row('popup: mount returned', result.popupMounted));
    console.info(row('**popup: contact list shown**', result.popupShown));
    console.info(`raw samples in ${args.out}`);
  } finally {
    await profile?.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
