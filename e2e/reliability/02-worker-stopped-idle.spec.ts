/**
 * Issue 4, fault 2: the callee's service worker is stopped while idle (CDP
 * `ServiceWorker.stopAllWorkers`), then a contact calls. The server's `call:incoming` cannot wake
 * a stopped worker (its socket died with it): the extension must wake itself (chrome.alarms,
 * at most every 30 s) and reconnect, and the call must still ring within a few seconds.
 * Measures: how long the worker stays down by itself, and the ring delay seen by the caller.
 */
import type { Page } from '@playwright/test';
import { expectContactPresence } from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { connectedSockets, WorkerWatch } from './helpers.js';

test.use({ serverOptions: { ringTimeoutS: 30, reconnectGraceS: 5 } });
test.setTimeout(240_000);

/** Clicks `Audio call <name>` in the caller's popup (the contact may show as offline). */
async function dial(caller: { profile: { popup: Page } }, name: string) {
  await caller.profile.popup.bringToFront();
  await caller.profile.popup.getByRole('button', { name: `Audio call ${name}` }).click();
}

test('R2. worker stopped while idle: an incoming call still rings within a few seconds', async ({
  server,
  sites,
  createUser,
  connect,
  signedInDevice,
}) => {
  const aliceUser = await createUser('alice', 'Alice Archer');
  const bobUser = await createUser('bob', 'Bob Baker');
  await connect(aliceUser, bobUser);
  const alice = await signedInDevice(aliceUser, sites.a);
  const bob = await signedInDevice(bobUser, sites.a);
  await expectContactPresence(alice, 'Bob Baker', 'Online');
  await bob.profile.popup.close();
  await bob.page.bringToFront();
  const watch = await WorkerWatch.attach(bob.profile, bob.page);

  // 1) Stop Bob's idle worker, then Alice calls 2 s later: Bob must ring within 5 s of the click.
  const stoppedAt = await watch.stop();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await dial(alice, 'Bob Baker');
  const dialedAt = Date.now();
  await alice.page.bringToFront();
  const rang = await bob.profile
    .overlay(bob.page, 5_000)
    .then(async (frame) => {
      await expect(frame.getByText('Alice Archer is calling')).toBeVisible({ timeout: 5_000 });
      return Date.now() - dialedAt;
    })
    .catch(() => null);
  test.info().annotations.push({
    type: 'ring delay after a worker stop (ms)',
    description: rang === null ? 'did not ring within 5 s' : String(rang),
  });
  expect.soft(rang, 'Bob rings within 5 s although his worker had been stopped').not.toBeNull();
  const aliceFirst = await alice.profile.callState();
  test.info().annotations.push({ type: 'caller state', description: JSON.stringify(aliceFirst) });

  // 2) How long does the worker stay stopped with nothing happening? (alarms: at most ~30 s)
  const wokeAt = await watch
    .waitRunning(45_000, 'the idle worker should wake by itself (alarm) within 45 s')
    .catch(() => null);
  test.info().annotations.push({
    type: 'idle worker woke by itself after (ms)',
    description: wokeAt ? String(wokeAt - stoppedAt) : 'not within 45 s',
  });
  expect.soft(wokeAt, 'the worker wakes itself').not.toBeNull();
  if (!wokeAt) return;
  await expect
    .poll(() => connectedSockets(server.url), { message: 'Bob reconnects after waking', timeout: 15_000 })
    .toBe(2);

  // 3) Once awake and connected, a call rings (the normal path), after the first attempt ended.
  await expect
    .poll(async () => (await alice.profile.callState()).phase, { timeout: 40_000 })
    .toMatch(/idle|ended/);
  await expect.poll(async () => (await alice.profile.callState()).phase, { timeout: 10_000 }).toBe('idle');
  await dial(alice, 'Bob Baker');
  const secondAt = Date.now();
  await alice.page.bringToFront();
  const frame = await bob.profile.overlay(bob.page, 10_000);
  await expect(frame.getByText('Alice Archer is calling')).toBeVisible();
  test
    .info()
    .annotations.push({ type: 'ring delay, awake worker (ms)', description: String(Date.now() - secondAt) });
});
