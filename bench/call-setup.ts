/**
 * Call set-up benchmark (issue 6.6), run on demand (never in CI):
 *
 *   npm run build:e2e && npm run bench:setup -- --calls 20   # the e2e build (its debug surface reads call state)
 *   RINGSIDE_EXTENSION_DIR=/path/to/build npm run bench:setup   # a snapshot build
 *
 * Two real headless Chromium profiles with the built extension (the e2e harness's Profile) against a
 * real server and web pages on loopback. Per call: click `Video call <name>` in the caller's popup ->
 * the callee's overlay shows `<name> is calling`; click `Accept` -> first remote video frame
 * (requestVideoFrameCallback on `video[aria-label="Remote video"]`) in each side's overlay.
 * All timestamps are Date.now() taken in the browser at the event (see call-setup/probes.ts) or by
 * the server (pino `time`), one wall clock on one machine. Also: the extension's footprint.
 */
import { expect, type Frame, type Page } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeContacts, registerUser } from '../e2e/fixtures/api.js';
import { userClick } from '../e2e/fixtures/call.js';
import { chromiumPath, extensionDir, Profile } from '../e2e/fixtures/profile.js';
import { startServer } from '../e2e/fixtures/server.js';
import { startSites } from '../e2e/fixtures/sites.js';
import {
  bundleSizes,
  manifestFootprint,
  pageInjection,
  popupTimeToContacts,
  watchPage,
} from './call-setup/footprint.js';
import {
  addProbes,
  readMarks,
  takeWorkerPhases,
  type PageMarks,
  watchWorkerPhases,
  type PhaseMark,
} from './call-setup/probes.js';
import { measureFloor, openFloorPage, type FloorSample } from './call-setup/floor.js';
import { loadAverage, machineInfo, summarize, type Summary } from './call-setup/stats.js';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '1' },
    'popup-runs': { type: 'string', default: '10' },
    out: { type: 'string', default: path.join(tmpdir(), 'ringside-bench', 'call-setup.json') },
    'no-footprint': { type: 'boolean', default: false },
    // A person reads who is calling before reaching for Accept: extra ms after the ring shows.
    'accept-after': { type: 'string', default: '0' },
  },
});
const calls = Number(args.calls);
const warmup = Number(args.warmup);
const acceptAfterMs = Number(args['accept-after']);

interface CallSample {
  index: number;
  warmup: boolean;
  callId?: string;
  loadAverage: string;
  /** click `Video call` -> callee overlay text `<name> is calling` (ms). */
  ring?: number;
  /** click -> callee worker phase `incoming` (persisted snapshot). */
  ringWorker?: number;
  /** Accept click -> first remote frame in the callee's / caller's overlay. */
  acceptToFrameCallee?: number;
  acceptToFrameCaller?: number;
  /** The in-page floor measured just before this call (same browser, same load). */
  floor?: FloorSample;
  /** Breakdown, all from the caller's click (ms). */
  steps: Record<string, number | undefined>;
}

const firstAt = (phases: PhaseMark[], phase: string) => phases.find((p) => p.phase === phase)?.at;
const diff = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? undefined : a - b;

/** Server-side `call transition` times (pino `time`, ms) for one call. */
function serverTimes(output: string, callId: string | undefined): Record<string, number> {
  const times: Record<string, number> = {};
  if (!callId) return times;
  for (const line of output.split('\n')) {
    if (!line.includes(callId) || !line.includes('call transition')) continue;
    try {
      const entry = JSON.parse(line) as { time: number; to: string };
      times[entry.to] ??= entry.time;
    } catch {
      // not JSON
    }
  }
  return times;
}

/**
 * Date.now()-comparable times of console lines in Chromium's chrome_debug.log that contain `text`
 * (`[pid:tid:MMDD/HHMMSS.micro:INFO:CONSOLE:1] "..."`, local time): how the offscreen document's
 * `offscreen document ready` line is timed, a context that is not a Playwright page.
 */
function logTimes(log: string, text: string): number[] {
  const year = new Date().getFullYear();
  const times: number[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes(text)) continue;
    const m = /:(\d{2})(\d{2})\/(\d{2})(\d{2})(\d{2})\.(\d{6}):/.exec(line);
    if (!m) continue;
    const [, mo, d, h, mi, sec, micro] = m.map(Number) as number[];
    times.push(new Date(year, mo! - 1, d, h, mi, sec, Math.round(micro! / 1000)).getTime());
  }
  return times;
}

const firstAfter = (times: number[], after: number | undefined) =>
  after === undefined ? undefined : times.find((t) => t >= after - 5);

/**
 * The overlay frame on `page`, looked up again on every try: the extension may re-inject the
 * overlay (tab activation, focus), which replaces a frame held from before.
 */
async function currentOverlay(profile: Profile, page: Page): Promise<Frame | undefined> {
  return profile.overlay(page, 3_000).catch(() => undefined);
}

async function overlayShowing(profile: Profile, page: Page, text: string, timeout = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const frame = await currentOverlay(profile, page);
    if (
      frame &&
      (await frame
        .getByText(text)
        .isVisible()
        .catch(() => false))
    )
      return frame;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${profile.label}: the overlay never showed "${text}"`);
}

async function pollMark(
  profile: Profile,
  page: Page,
  key: 'firstRemoteFrame' | 'ringingShown',
  timeout = 20_000,
) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const frame = await currentOverlay(profile, page);
    const marks = frame
      ? await readMarks(frame).catch(() => ({}) as Record<string, number>)
      : ({} as Record<string, number>);
    const value = (marks as Record<string, number | undefined>)[key];
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

async function main(): Promise<void> {
  const chromium = chromiumPath();
  console.info(
    `[bench:setup] extension ${extensionDir}, ${calls} calls (+${warmup} warm-up), load ${loadAverage()}`,
  );
  const sites = await startSites();
  const server = await startServer({ ringTimeoutS: 30, reconnectGraceS: 5, logLevel: 'info' });
  const profiles: Profile[] = [];
  let floorBrowser: { close(): Promise<void> } | undefined;
  try {
    const aliceUser = await registerUser(server.url, 'alice', 'Alice Archer');
    const bobUser = await registerUser(server.url, 'bob', 'Bob Baker');
    await makeContacts(server.url, aliceUser, bobUser);
    const alice = await Profile.launch({ label: 'alice' });
    profiles.push(alice);
    const bob = await Profile.launch({ label: 'bob' });
    profiles.push(bob);
    for (const profile of profiles) await addProbes(profile.context);
    await alice.signIn(server.url, aliceUser.username, aliceUser.password, aliceUser.displayName);
    await bob.signIn(server.url, bobUser.username, bobUser.password, bobUser.displayName);
    for (const profile of profiles) await watchWorkerPhases(await profile.worker());

    // ---- footprint: a page with no call, before any call happened ----
    let footprint: Record<string, unknown> | undefined;
    let popupSummary: Summary | undefined;
    if (!args['no-footprint']) {
      const injectionA = await pageInjection(bob, sites.a);
      const injectionB = await pageInjection(bob, sites.b);
      const popup = await popupTimeToContacts(alice, Number(args['popup-runs']));
      popupSummary = popup.summary;
      // Positive control: the same probe on a page where a call rings sees the overlay's content script.
      const watched = await watchPage(bob, sites.a);
      const callerPopup = await alice.openPopup();
      await callerPopup.getByRole('button', { name: 'Video call Bob Baker' }).click();
      await bob.overlay(watched.page, 30_000);
      await expect.poll(async () => (await bob.callState()).phase, { timeout: 30_000 }).toBe('incoming');
      const duringRinging = await watched.collect();
      await alice.hook({ type: 'call:hangup' });
      await expect
        .poll(async () => (await bob.callState()).phase, { timeout: 30_000 })
        .toMatch(/^(ended|idle)$/);
      await watched.page.close();
      footprint = {
        loadAverage: loadAverage(),
        manifest: manifestFootprint(extensionDir),
        pageInjection: [injectionA, injectionB],
        duringRingingControl: duringRinging,
        bundles: bundleSizes(extensionDir),
        popupTimeToContactsMs: popup,
      };
      console.info('[bench:setup] footprint', JSON.stringify(footprint, null, 1));
    }

    // The floor's plain page: the same Chromium binary and flags, its own browser (no extension).
    const floor = await openFloorPage(chromium, `${sites.a}/other.html`);
    floorBrowser = floor.browser;
    const alicePage = await alice.openSite(sites.a);
    const bobPage = await bob.openSite(`${sites.a}/other.html`);
    const popup = await alice.openPopup();
    const contacts = popup.getByRole('list', { name: 'Contacts' });
    const samples: CallSample[] = [];

    for (let index = 0; index < warmup + calls; index++) {
      // Both sides idle, no overlay left from the previous call.
      for (const [profile, page] of [
        [alice, alicePage],
        [bob, bobPage],
      ] as const) {
        await expect.poll(async () => (await profile.callState()).phase, { timeout: 30_000 }).toBe('idle');
        await expect.poll(() => profile.hasOverlay(page), { timeout: 30_000 }).toBe(false);
        await takeWorkerPhases(await profile.worker());
      }
      const floorSample = await measureFloor(floor.page);
      await popup.bringToFront();
      await expect(contacts.getByRole('listitem').filter({ hasText: 'Bob Baker' })).toContainText('Online', {
        timeout: 15_000,
      });
      const load = loadAverage();
      const clickedFromNode = Date.now();
      await popup.getByRole('button', { name: 'Video call Bob Baker' }).click();
      await alicePage.bringToFront();

      const bobFrame = await overlayShowing(bob, bobPage, 'Alice Archer is calling');
      const aliceFrame = await overlayShowing(alice, alicePage, 'Calling Bob Baker');
      const callId = (await bob.callState()).callId;

      // As a person clicks (the overlay's clickjacking gate ignores a click whose pointer did not
      // rest on the button); the probe times the click itself, not the rest before it.
      await bobPage.waitForTimeout(acceptAfterMs);
      await userClick(bobFrame.getByRole('button', { name: 'Accept', exact: true }), { timeout: 15_000 });
      // The ringing frame's marks (ring, Accept click), kept in case the frame is replaced later.
      const bobRingMarks = await readMarks(bobFrame).catch(() => ({}) as PageMarks);
      const aliceRingMarks = await readMarks(aliceFrame).catch(() => ({}) as PageMarks);
      const [calleeFrameAt, callerFrameAt] = await Promise.all([
        pollMark(bob, bobPage, 'firstRemoteFrame'),
        pollMark(alice, alicePage, 'firstRemoteFrame'),
      ]);
      const popupMarks = await readMarks(popup);
      const bobLater = await currentOverlay(bob, bobPage);
      const aliceLater = await currentOverlay(alice, alicePage);
      const bobMarks: PageMarks = {
        ...(bobLater ? await readMarks(bobLater).catch(() => ({})) : {}),
        ...bobRingMarks,
      };
      const aliceMarks: PageMarks = {
        ...(aliceLater ? await readMarks(aliceLater).catch(() => ({})) : {}),
        ...aliceRingMarks,
      };
      const alicePhases = await takeWorkerPhases(await alice.worker());
      const bobPhases = await takeWorkerPhases(await bob.worker());
      const times = serverTimes(server.output(), callId);
      const aliceOffscreen = logTimes(await alice.chromiumLog(), 'offscreen document ready');
      const bobOffscreen = logTimes(await bob.chromiumLog(), 'offscreen document ready');

      const click = popupMarks['click:Video call Bob Baker'] ?? clickedFromNode;
      const accept = bobMarks['click:Accept'];
      const sample: CallSample = {
        index,
        warmup: index < warmup,
        callId,
        loadAverage: load,
        floor: floorSample,
        ring: diff(bobMarks.ringingShown, click),
        ringWorker: diff(firstAt(bobPhases, 'incoming'), click),
        acceptToFrameCallee: diff(calleeFrameAt, accept),
        acceptToFrameCaller: diff(callerFrameAt, accept),
        steps: {
          'click (node) -> click (page)': diff(click, clickedFromNode),
          'click -> caller worker outgoing': diff(firstAt(alicePhases, 'outgoing'), click),
          'click -> caller offscreen document ready': diff(firstAfter(aliceOffscreen, click), click),
          'click -> server ringing': diff(times.ringing, click),
          'click -> callee worker incoming': diff(firstAt(bobPhases, 'incoming'), click),
          'click -> callee offscreen document ready (ringtone)': diff(firstAfter(bobOffscreen, click), click),
          'click -> callee overlay document start': diff(bobMarks.documentStart, click),
          'click -> callee overlay app mounted': diff(bobMarks.appMounted, click),
          'click -> callee overlay load event': diff(bobMarks.loadEvent, click),
          'click -> callee overlay text': diff(bobMarks.ringingShown, click),
          'click -> caller overlay text': diff(aliceMarks.callingShown, click),
          'accept -> callee worker connecting': diff(firstAt(bobPhases, 'connecting'), accept),
          'accept -> server active': diff(times.active, accept),
          'accept -> callee worker active (ICE+DTLS connected)': diff(firstAt(bobPhases, 'active'), accept),
          'accept -> caller worker active': diff(firstAt(alicePhases, 'active'), accept),
          'accept -> callee remote video element': diff(bobMarks.remoteVideoInDom, accept),
          'accept -> caller remote video element': diff(aliceMarks.remoteVideoInDom, accept),
          'accept -> callee first remote frame': diff(calleeFrameAt, accept),
          'accept -> caller first remote frame': diff(callerFrameAt, accept),
        },
      };
      samples.push(sample);
      console.info(
        `[bench:setup] call ${index}${sample.warmup ? ' (warm-up)' : ''}: ring ${sample.ring} ms, ` +
          `accept->frame callee ${sample.acceptToFrameCallee} ms, caller ${sample.acceptToFrameCaller} ms, ` +
          `floor ${floorSample?.connected}/${floorSample?.firstFrame} ms, load ${load}`,
        JSON.stringify(sample.steps),
      );
      // Not measured: hang up through the worker (a pointer on a loaded machine can miss the button).
      await alice.hook({ type: 'call:hangup' });
    }

    const measured = samples.filter((s) => !s.warmup);
    const stepNames = Object.keys(measured[0]?.steps ?? {});
    const result = {
      when: new Date().toISOString(),
      machine: machineInfo(chromium),
      extensionDir,
      calls: measured.length,
      ring: summarize(measured.map((s) => s.ring)),
      ringWorker: summarize(measured.map((s) => s.ringWorker)),
      acceptToFrameCallee: summarize(measured.map((s) => s.acceptToFrameCallee)),
      acceptToFrameCaller: summarize(measured.map((s) => s.acceptToFrameCaller)),
      floorConnected: summarize(measured.map((s) => s.floor?.connected)),
      floorFirstFrame: summarize(measured.map((s) => s.floor?.firstFrame)),
      popupToContacts: popupSummary,
      loadAverages: measured.map((s) => s.loadAverage),
      steps: Object.fromEntries(
        stepNames.map((name) => [name, summarize(measured.map((s) => s.steps[name]))]),
      ),
      loadAverageAtEnd: loadAverage(),
      samples,
      footprint,
    };
    await mkdir(path.dirname(args.out), { recursive: true });
    await writeFile(args.out, JSON.stringify(result, null, 2));
    const floorFrame = result.floorFirstFrame;
    const ratio = (value: number, base: number) =>
      Number.isFinite(base) && base > 0 ? (value / base).toFixed(2) : '?';
    const row = (name: string, s: Summary) =>
      `| ${name} | ${s.n} | ${s.median} | ${s.p90} | ${s.min} | ${s.max} | ${ratio(s.median, floorFrame.median)}x | ${ratio(s.p90, floorFrame.p90)}x |`;
    console.info(`\nmachine: ${JSON.stringify(result.machine)}`);
    console.info(`load averages at the calls: ${result.loadAverages.join(' | ')}`);
    console.info(
      '| metric (ms) | n | median | p90 | min | max | median / floor median | p90 / floor p90 |\n|---|---|---|---|---|---|---|---|',
    );
    console.info(row('floor: createOffer -> first remote frame (in-page, same browser)', floorFrame));
    console.info(row('floor: createOffer -> both connected', result.floorConnected));
    console.info(row('click Video call -> callee overlay `is calling`', result.ring));
    console.info(row('click -> callee worker phase incoming', result.ringWorker));
    console.info(row('Accept -> first remote frame, callee', result.acceptToFrameCallee));
    console.info(row('Accept -> first remote frame, caller', result.acceptToFrameCaller));
    if (popupSummary) console.info(row('popup opened -> contact list shown', popupSummary));
    for (const [name, s] of Object.entries(result.steps)) console.info(row(name, s));
    console.info(`load average at end: ${result.loadAverageAtEnd}; raw samples in ${args.out}`);
  } finally {
    for (const profile of profiles) await profile.close();
    await floorBrowser?.close();
    await server.stop();
    await sites.close();
  }
}

await main();
