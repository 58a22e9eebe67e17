import type { Page } from '@playwright/test';
import {
  clickAndExpectEnded,
  clickInOverlay,
  expectCallWindow,
  expectPhase,
  expectRinging,
  startCall,
  type Device,
} from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';
import { saveScreenshot } from './fixtures/screenshots.js';

/**
 * The page classes that hid or disabled the overlay (issue 10): full screen, modal dialogs and
 * popovers (the page's top layer), a framework that removes foreign nodes, Turbo-style navigation.
 * In each the call must be seen within a second of ringing and answerable by a real click.
 */

/** True when the page's own hit test at the centre of the call frame finds our host. */
async function overlayOnTop(device: Device): Promise<boolean> {
  const frame = await device.profile.overlay(device.page, 3_000);
  const box = await (await frame.frameElement()).boundingBox();
  if (!box || box.width < 100) return false;
  return device.page.evaluate(
    ({ x, y }) => document.elementFromPoint(x, y)?.localName === 'ringside-overlay',
    { x: box.x + box.width / 2, y: box.y + box.height / 2 },
  );
}

/** Waits until the overlay is on top and returns how long that took from `since` (ms). */
async function timeToOnTop(device: Device, since: number, what: string): Promise<number> {
  await expect
    .poll(() => overlayOnTop(device).catch(() => false), {
      message: `${what}: overlay on top`,
      timeout: 10_000,
    })
    .toBe(true);
  const took = Date.now() - since;
  test.info().annotations.push({ type: `time to visible: ${what}`, description: `${took} ms` });
  console.info(`[top-layer] ${what}: ${took} ms`);
  return took;
}

/** When the callee's worker took the ring (its call machine's `ring` transition), from its log. */
function ringReceivedAt(device: Device): number {
  const line = device.profile.workerLog.findLast((entry) => entry.includes('transition {event: ring,'));
  const at = line ? Date.parse(line.slice(0, 24)) : Number.NaN;
  if (!Number.isFinite(at)) throw new Error(`${device.profile.label}: no ring transition in the worker log`);
  return at;
}

/** Ring Bob from Alice; the ringing overlay must be on top. Returns the time from ring to visible. */
async function ringOnTop(alice: Device, bob: Device, what: string): Promise<number> {
  await startCall(alice, 'Bob Baker', 'audio');
  await expectRinging(bob, 'Alice Archer', 'audio');
  return timeToOnTop(bob, ringReceivedAt(bob), what);
}

const fullscreenId = (page: Page) => page.evaluate(() => document.fullscreenElement?.id ?? null);

test.describe('a full-screen player', () => {
  test.use({ bobPath: '/player.html' });

  test('11a. a call arriving in full screen rings on top and is answered there; Hang up works after going full screen again', async ({
    aliceAndBob: { alice, bob },
  }) => {
    await bob.page.click('#fullscreen-player');
    await expect.poll(() => fullscreenId(bob.page)).toBe('player');
    await ringOnTop(alice, bob, 'ring in full screen (element)');
    await saveScreenshot(bob.page, 'ringing-in-full-screen.png');
    await clickInOverlay(bob, 'Accept');
    await expectPhase(alice, 'active');
    await expectPhase(bob, 'active');
    expect(await fullscreenId(bob.page), 'the page stays in full screen').toBe('player');

    await bob.page.evaluate(() => document.exitFullscreen());
    await expect.poll(() => fullscreenId(bob.page)).toBeNull();
    await timeToOnTop(bob, Date.now(), 'full screen left mid-call');
    await bob.page.click('#fullscreen-player');
    await expect.poll(() => fullscreenId(bob.page)).toBe('player');
    await timeToOnTop(bob, Date.now(), 'full screen entered mid-call');
    await clickAndExpectEnded(bob, 'Hang up', alice, 'Call ended');
  });

  test('11b. a full-screen <video> (which cannot host the overlay) gets our own modal on top', async ({
    aliceAndBob: { alice, bob },
  }) => {
    await bob.page.click('#fullscreen-video');
    await expect.poll(() => fullscreenId(bob.page)).toBe('bare');
    await ringOnTop(alice, bob, 'ring in full screen (video element)');
    await clickInOverlay(bob, 'Accept');
    await expectPhase(alice, 'active');
    await expectPhase(bob, 'active');
    await clickAndExpectEnded(bob, 'Hang up', alice, 'Call ended');
  });
});

test.describe('a mail app with modal dialogs and popovers', () => {
  test.use({ bobPath: '/mail.html' });

  test('11c. a modal dialog open before the ring: the ring is on top and Accept works', async ({
    aliceAndBob: { alice, bob },
  }) => {
    await bob.page.click('#compose');
    await ringOnTop(alice, bob, 'ring over a modal dialog');
    await saveScreenshot(bob.page, 'ringing-over-modal-dialog.png');
    await clickInOverlay(bob, 'Accept');
    await expectPhase(alice, 'active');
    await expectPhase(bob, 'active');
    expect(
      await bob.page.evaluate(() => (document.getElementById('composer') as HTMLDialogElement).open),
    ).toBe(true);
  });

  test('11d. a modal dialog and a popover opened during the ring do not cover it', async ({
    aliceAndBob: { alice, bob },
  }) => {
    await ringOnTop(alice, bob, 'ring');
    const since = Date.now();
    await bob.page.evaluate(() => {
      (document.getElementById('composer') as HTMLDialogElement).showModal();
      document.getElementById('menu')!.showPopover();
    });
    await timeToOnTop(bob, since, 'page dialog + popover opened during the ring');
    await clickAndExpectEnded(bob, 'Decline', alice, 'Declined');
  });
});

test.describe('a framework that removes nodes it did not create', () => {
  test.use({ bobPath: '/cleaner.html' });

  test('11e. the page keeps removing the overlay: the call window takes the call', async ({
    aliceAndBob: { alice, bob },
  }) => {
    await startCall(alice, 'Bob Baker', 'audio');
    const callWindow = await expectCallWindow(bob);
    await expect(callWindow.getByText('Alice Archer is calling')).toBeVisible();
    const took = Date.now() - ringReceivedAt(bob);
    test.info().annotations.push({ type: 'time to visible: call window', description: `${took} ms` });
    console.info(`[top-layer] node-removing page -> call window: ${took} ms`);
    await callWindow.getByRole('button', { name: 'Accept', exact: true }).click();
    await expectPhase(alice, 'active');
    await expectPhase(bob, 'active');
  });
});

test.describe('Turbo-style navigation', () => {
  test.use({ bobPath: '/turbo.html' });

  test('11f. a body swap during the ring and during the call keeps the overlay and its controls', async ({
    aliceAndBob: { alice, bob },
  }) => {
    await ringOnTop(alice, bob, 'ring');
    let since = Date.now();
    await bob.page.evaluate(() =>
      (window as unknown as { turboVisit: (t: string) => void }).turboVisit('Issues'),
    );
    await timeToOnTop(bob, since, 'body swapped during the ring');
    await clickInOverlay(bob, 'Accept');
    await expectPhase(alice, 'active');
    await expectPhase(bob, 'active');
    since = Date.now();
    await bob.page.evaluate(() =>
      (window as unknown as { turboVisit: (t: string) => void }).turboVisit('Pulls'),
    );
    await timeToOnTop(bob, since, 'body swapped during the call');
    expect(bob.page.url()).toContain('tab=Pulls');
    await clickAndExpectEnded(bob, 'Hang up', alice, 'Call ended');
  });
});
