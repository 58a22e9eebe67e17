/// <reference types="chrome" />
/**
 * Issue 4, fault 8: no leaks after 20 short calls in a row between the same two browsers.
 * After each call: no peer connection left (stats null). After call 1 and after call 20: at most
 * one offscreen document (chrome.runtime.getContexts and CDP targets), no overlay host left in the
 * page, the page's window listener count not growing, one socket per device on the server, and the
 * server holds no call in `ringing` or `active`.
 */
import type { Page } from '@playwright/test';
import { callHistory } from '../fixtures/api.js';
import { clickInOverlay, expectPhase, expectRinging, startCall, type Device } from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { connectedSockets, offscreenTargets, serverCallsByState } from './helpers.js';

test.use({ serverOptions: { ringTimeoutS: 20, reconnectGraceS: 5 } });
test.setTimeout(900_000);

const calls = 20;

async function windowListeners(device: Device): Promise<number> {
  const cdp = await device.profile.context.newCDPSession(device.page);
  try {
    const { result } = (await cdp.send('Runtime.evaluate', { expression: 'window' })) as {
      result: { objectId: string };
    };
    const { listeners } = (await cdp.send('DOMDebugger.getEventListeners', {
      objectId: result.objectId,
    })) as {
      listeners: unknown[];
    };
    return listeners.length;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function offscreenContexts(device: Device): Promise<number> {
  const worker = await device.profile.worker();
  return worker.evaluate(
    async () =>
      (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] }))
        .length,
  );
}

/** The call is over on `device`: `idle` when `untilIdle`, else `ended` (its end panel) or `idle`. */
async function expectCallOver(device: Device, untilIdle: boolean): Promise<void> {
  if (untilIdle) return expectPhase(device, 'idle', 20_000);
  await expect
    .poll(async () => (await device.profile.callState()).phase, {
      message: `${device.profile.label}: call phase`,
      timeout: 20_000,
    })
    .toMatch(/^(ended|idle)$/);
}

interface Snapshot {
  offscreen: number;
  offscreenTargets: number;
  hosts: number;
  listeners: number;
}

async function snapshot(device: Device, page: Page): Promise<Snapshot> {
  return {
    offscreen: await offscreenContexts(device),
    offscreenTargets: (await offscreenTargets(device.profile, page)).length,
    hosts: await page.evaluate(() => document.querySelectorAll('ringside-overlay').length),
    listeners: await windowListeners(device),
  };
}

test('R8. 20 calls in a row: no live media, one offscreen document at most, no growth, no live calls', async ({
  server,
  sites,
  createUser,
  connect,
  signedInDevice,
}) => {
  const aliceUser = await createUser('alice', 'Alice Archer');
  const bobUser = await createUser('bob', 'Bob Baker');
  await connect(aliceUser, bobUser);
  // Side by side: most of a device's set-up is Chromium starting and a sign-in round trip.
  const [alice, bob] = await Promise.all([
    signedInDevice(aliceUser, sites.a),
    signedInDevice(bobUser, sites.a),
  ]);
  const first: Record<string, Snapshot> = {};

  for (let n = 1; n <= calls; n += 1) {
    await test.step(`call ${n}`, async () => {
      await startCall(alice, 'Bob Baker', 'audio');
      await expectRinging(bob, 'Alice Archer', 'audio');
      await clickInOverlay(bob, 'Accept');
      await expectPhase(alice, 'active', 30_000);
      await expectPhase(bob, 'active', 30_000);
      await expect
        .poll(async () => (await alice.profile.stats())?.audioBytesReceived ?? 0, { timeout: 20_000 })
        .toBeGreaterThan(0);
      await clickInOverlay(alice, 'Hang up');
      const snapshotCall = n === 1 || n === calls;
      // Between snapshots the next call starts while "Call ended" still shows (4 s), as a person
      // calling back at once does; the snapshots wait for idle, when the overlay has left the page.
      await expectCallOver(alice, snapshotCall);
      await expectCallOver(bob, snapshotCall);
      await expect.poll(() => alice.profile.stats()).toBeNull();
      await expect.poll(() => bob.profile.stats()).toBeNull();
      if (snapshotCall) {
        for (const device of [alice, bob]) {
          const snap = await snapshot(device, device.page);
          test.info().annotations.push({
            type: `${device.profile.label} after call ${n}`,
            description: JSON.stringify(snap),
          });
          expect(snap.offscreen, 'one offscreen document at most').toBeLessThanOrEqual(1);
          expect(snap.offscreenTargets).toBeLessThanOrEqual(1);
          expect(snap.hosts, 'no overlay host left in the page').toBe(0);
          if (n === 1) first[device.profile.label] = snap;
          else
            expect(snap.listeners, 'window listeners do not grow').toBeLessThanOrEqual(
              first[device.profile.label]!.listeners,
            );
        }
      }
    });
  }

  expect(await connectedSockets(server.url), 'one socket per device').toBe(2);
  expect(await serverCallsByState(server.url)).toMatchObject({ ringing: 0, active: 0 });
  const history = await callHistory(server.url, aliceUser.token);
  expect(history).toHaveLength(calls);
  for (const record of history) expect(record).toMatchObject({ status: 'answered', endReason: 'hangup' });
});
