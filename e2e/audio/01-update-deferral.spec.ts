/**
 * Issue 15, "calls outlive extension updates". Bob's browser loads the extension unpacked from a
 * copy of the e2e build. Mid-call the copy is rewritten as version N+1 (the update on disk), and
 * `chrome.runtime.onUpdateAvailable` is dispatched in Bob's worker with that version: Chrome itself
 * fires the event only for packed extensions it updates (store or policy installs, which this
 * headless test browser cannot get without machine-wide policy files), never for an unpacked one,
 * so the test dispatches the event to the worker's real listener (`Event.dispatch` in the worker's
 * context; nothing is patched). Everything after that is Chrome's: the call goes on, and the
 * hang-up lets the worker's `chrome.runtime.reload()` load the new files from disk; the reloaded
 * extension has no state left and takes the next call.
 *
 * Chromium 137+ disables an unpacked extension on reload unless developer mode is on
 * (`unsupportedDeveloperExtension`), so Bob's profile turns it on first, as a developer who
 * loaded the extension unpacked has it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from '@playwright/test';
import {
  clickAndExpectEnded,
  clickInOverlay,
  expectAudioFlowing,
  expectOverlayGone,
  expectPhase,
  expectRinging,
  startCall,
} from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { extensionDir, type Profile } from '../fixtures/profile.js';
import { expectWorkerLogged } from '../quality/helpers.js';
import { establishCall } from '../reliability/helpers.js';

/**
 * What the reloaded worker's session storage holds besides the popup's last view (issue 12, written
 * afresh by the new worker), plus that view's call if it is not idle: both must be empty.
 */
async function sessionLeftovers(worker: Worker): Promise<Record<string, unknown>> {
  return worker.evaluate(async () => {
    const { 'ringside-popup-view': view, ...rest } = await chrome.storage.session.get(null);
    const phase = (view as { app?: { call?: { phase?: string } } } | undefined)?.app?.call?.phase;
    return phase === undefined || phase === 'idle' ? rest : { ...rest, popupViewCall: phase };
  });
}

const manifestVersion = (worker: Worker) => worker.evaluate(() => chrome.runtime.getManifest().version);
/** What Chrome delivers when an update is ready, dispatched to the worker's own listeners. */
const updateAvailable = (worker: Worker, version: string) =>
  worker.evaluate((v) => {
    const event = chrome.runtime.onUpdateAvailable as unknown as {
      dispatch(details: chrome.runtime.UpdateAvailableDetails): void;
    };
    event.dispatch({ version: v });
  }, version);

/** Developer mode on, through chrome://extensions' own API (see the header). */
async function allowUnpackedReload(profile: Profile): Promise<void> {
  const page = await profile.context.newPage();
  await page.goto('chrome://extensions');
  await page.evaluate(() =>
    (
      chrome as unknown as {
        developerPrivate: { updateProfileConfiguration(c: { inDeveloperMode: boolean }): Promise<void> };
      }
    ).developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }),
  );
  await page.close();
}

test('an update that arrives mid-call waits for the hang-up, then reloads with nothing left behind', async ({
  sites,
  createUser,
  connect,
  signedInDevice,
}) => {
  test.setTimeout(150_000);
  const copy = await mkdtemp(path.join(tmpdir(), 'ringside-e2e-update-'));
  try {
    await cp(extensionDir, copy, { recursive: true });
    const aliceUser = await createUser('alice', 'Alice Archer');
    const bobUser = await createUser('bob', 'Bob Baker');
    await connect(aliceUser, bobUser);
    // Side by side: most of a device's set-up is Chromium starting and a sign-in round trip.
    const [alice, bob] = await Promise.all([
      signedInDevice(aliceUser, sites.a),
      signedInDevice(bobUser, `${sites.a}/other.html`, { extensionDir: copy }),
    ]);
    await allowUnpackedReload(bob.profile);
    await bob.page.bringToFront();
    const oldWorker = await bob.profile.worker();
    const oldVersion = await manifestVersion(oldWorker);

    await establishCall(alice, bob, 'audio');

    // The update lands on disk: the same build as version N+1.
    const newVersion = `${oldVersion}.1`;
    const manifestPath = path.join(copy, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: string };
    await writeFile(manifestPath, JSON.stringify({ ...manifest, version: newVersion }));
    await updateAvailable(oldWorker, newVersion);
    await expectWorkerLogged(bob, 'update deferred until the call ends');

    // Held through the call: same worker, same version, audio still flowing both ways.
    await bob.page.waitForTimeout(6_000);
    expect(await manifestVersion(oldWorker)).toBe(oldVersion);
    expect((await bob.profile.callState()).phase).toBe('active');
    await expectAudioFlowing(alice);
    await expectAudioFlowing(bob);
    const heldFor = Date.now();

    // Alice hangs up: Bob's call ends, its overlay goes, then the extension reloads.
    await clickAndExpectEnded(alice, 'Hang up', bob, 'Call ended');
    const ended = Date.now();
    const reloaded = bob.profile.context.waitForEvent('serviceworker', { timeout: 30_000 });
    const newWorker = await reloaded;
    const reloadAfterEndMs = Date.now() - ended;
    expect(await manifestVersion(newWorker)).toBe(newVersion);
    console.info(
      `update held ${Math.round((ended - heldFor) / 1000 + 6)} s in the call; reloaded ${reloadAfterEndMs} ms after the call ended`,
    );

    // Nothing left behind: no call or pending update in session storage, no overlay in Bob's page,
    // still signed in (storage.local kept), and the next call rings and connects.
    await expect.poll(() => sessionLeftovers(newWorker), { timeout: 10_000 }).toEqual({});
    await expectOverlayGone(bob, 5_000);
    await expectPhase(bob, 'idle');
    const popup = await bob.profile.openPopup();
    await popup.reload();
    await expect(popup.getByRole('heading', { name: bob.displayName })).toBeVisible();
    await expect(popup.getByText('Connected')).toBeVisible({ timeout: 15_000 });
    await bob.page.bringToFront();

    await startCall(alice, bob.displayName, 'audio');
    await expectRinging(bob, alice.displayName, 'audio');
    await clickInOverlay(bob, 'Accept');
    await expectPhase(alice, 'active', 30_000);
    await expectPhase(bob, 'active', 30_000);
    await expectAudioFlowing(bob, 30_000);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
});

test('an update that arrives between calls reloads at once', async ({
  sites,
  createUser,
  signedInDevice,
}) => {
  const copy = await mkdtemp(path.join(tmpdir(), 'ringside-e2e-update-'));
  try {
    await cp(extensionDir, copy, { recursive: true });
    const bobUser = await createUser('bob', 'Bob Baker');
    const bob = await signedInDevice(bobUser, sites.a, { extensionDir: copy });
    await allowUnpackedReload(bob.profile);
    const worker = await bob.profile.worker();
    const reloaded = bob.profile.context.waitForEvent('serviceworker', { timeout: 15_000 });
    const asked = Date.now();
    await updateAvailable(worker, `${await manifestVersion(worker)}.1`);
    await reloaded;
    console.info(`idle: reloaded ${Date.now() - asked} ms after the update arrived`);
    await expect.poll(async () => sessionLeftovers(await bob.profile.worker())).toEqual({});
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
});
