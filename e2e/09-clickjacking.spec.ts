import type { Frame, Page } from '@playwright/test';
import { callHistory } from './fixtures/api.js';
import { expectCallWindow, expectPhase, expectRinging, startCall } from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';
import { saveScreenshot } from './fixtures/screenshots.js';

// Long enough for every attack to run while one call rings.
test.use({ serverOptions: { ringTimeoutS: 60, reconnectGraceS: 5 } });
// Bob browses a page with a "Claim your prize" lure (e2e/fixtures/sites.ts).
test.use({ bobPath: '/prize.html' });

/**
 * What a page does to the overlay host to get an unseen click on Accept: author styles that beat the
 * host's own (`!important` and inline), or a look-alike drawn over the frame that lets clicks through.
 */
const attacks: Record<string, string> = {
  'near-transparent': 'ringside-overlay { opacity: 0.02 !important; }',
  'filtered away': 'ringside-overlay { filter: opacity(0) !important; }',
  'scaled away':
    'ringside-overlay { transform: scale(0.05) !important; transform-origin: var(--ox) var(--oy) !important; }',
  'clipped to 3 px':
    'ringside-overlay { clip-path: inset(var(--clip-top) var(--clip-right) var(--clip-bottom) var(--clip-left)) !important; }',
  'covered by a click-through look-alike': '#cover { display: block !important; }',
};

interface Point {
  x: number;
  y: number;
}

/** Applies one attack's stylesheet, with the Accept button's position for the rules that aim at it. */
async function applyAttack(page: Page, css: string, accept: Point): Promise<void> {
  await page.evaluate(
    ({ css, accept }) => {
      let cover = document.getElementById('cover');
      if (!cover) {
        cover = document.createElement('div');
        cover.id = 'cover';
        cover.textContent = 'Claim your prize: click anywhere!';
        cover.style.cssText =
          'display:none;position:fixed;right:0;bottom:0;width:460px;height:420px;z-index:2147483647;' +
          'pointer-events:none;background:#e91e63;color:#fff;font:24px sans-serif;padding:20px';
        document.body.append(cover);
      }
      const host = document.querySelector('ringside-overlay') as HTMLElement;
      const box = host.getBoundingClientRect();
      const root = document.documentElement.style;
      root.setProperty('--ox', `${accept.x - box.left}px`);
      root.setProperty('--oy', `${accept.y - box.top}px`);
      root.setProperty('--clip-top', `${accept.y - box.top - 1}px`);
      root.setProperty('--clip-left', `${accept.x - box.left - 1}px`);
      root.setProperty('--clip-bottom', `${box.bottom - accept.y - 2}px`);
      root.setProperty('--clip-right', `${box.right - accept.x - 2}px`);
      let sheet = document.getElementById('attack');
      if (!sheet) {
        sheet = document.createElement('style');
        sheet.id = 'attack';
        document.head.append(sheet);
      }
      sheet.textContent = css;
      const lure = document.getElementById('lure') as HTMLElement;
      lure.style.left = `${accept.x - 90}px`;
      lure.style.top = `${accept.y - 30}px`;
    },
    { css, accept },
  );
}

async function centerOf(frame: Frame, name: string): Promise<Point> {
  const box = await frame.getByRole('button', { name, exact: true }).boundingBox();
  if (!box) throw new Error(`no box for ${name}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A person aiming at the lure: the pointer arrives, rests a second, then one trusted click. */
async function aimAndClick(page: Page, at: Point): Promise<void> {
  await page.mouse.move(at.x - 20, at.y - 10);
  await page.mouse.move(at.x, at.y, { steps: 4 });
  await page.waitForTimeout(1_000);
  await page.mouse.click(at.x, at.y);
  await page.waitForTimeout(1_200);
}

/** What the user would see at Accept: our host on top, unfaded, unfiltered, untransformed, unclipped. */
async function overlayShownAsIs(page: Page, at: Point): Promise<boolean> {
  return page.evaluate(({ x, y }) => {
    const host = document.querySelector('ringside-overlay');
    if (!host || document.elementFromPoint(x, y) !== host) return false;
    const style = getComputedStyle(host);
    return (
      style.opacity === '1' &&
      style.filter === 'none' &&
      style.transform === 'none' &&
      style.clipPath === 'none' &&
      style.visibility === 'visible'
    );
  }, at);
}

test('9. a page that hides, covers or re-shows the overlay never gets Accept pressed unseen', async ({
  server,
  aliceAndBob: { bobUser, alice, bob },
}) => {
  await startCall(alice, 'Bob Baker', 'video');
  const overlay = await expectRinging(bob, 'Alice Archer', 'video');
  const { callId } = await bob.profile.callState();
  const accept = await centerOf(overlay, 'Accept');
  const hint = overlay.getByRole('status');

  // 1) Author styles that beat ordinary ones (`!important` rules and inline styles set by script) are
  // undone: the overlay stays on top and drawn as it is, so the lure under it cannot be seen or hit.
  for (const [name, css] of Object.entries(attacks)) {
    await applyAttack(bob.page, css, accept);
    await bob.page.evaluate((rule) => {
      const host = document.querySelector('ringside-overlay') as HTMLElement;
      const declarations = /\{([^}]*)\}/.exec(rule)?.[1] ?? '';
      host.style.cssText += declarations;
    }, css);
    await bob.page.waitForTimeout(300);
    if (name === 'near-transparent') await saveScreenshot(bob.page, 'clickjacking-near-transparent.png');
    expect(await overlayShownAsIs(bob.page, accept), `${name}: the attack is undone`).toBe(true);
    expect(await bob.profile.callState(), `${name}: the call still rings`).toMatchObject({
      phase: 'incoming',
      callId,
    });
    await applyAttack(bob.page, '', accept);
  }

  // 2) The overlay is hidden and shown again under a cursor resting where Accept is (the page flashes
  // a popover of its own over it, which re-raises ours): a click right after that does nothing. The
  // click waits for the re-raise (our host's toggle event), not for a fixed time: on a loaded machine
  // the browser's visibility sampling (every 100 ms at best) may never see a 30 ms flash, and the
  // re-raise is what the gate must answer to.
  await bob.page.mouse.move(accept.x, accept.y, { steps: 4 });
  await bob.page.waitForTimeout(1_200);
  await bob.page.evaluate(
    (at) =>
      new Promise<void>((resolve, reject) => {
        const host = document.querySelector('ringside-overlay') as HTMLElement;
        host.addEventListener('toggle', (event) => {
          if ((event as ToggleEvent).newState === 'open') resolve();
        });
        setTimeout(() => reject(new Error('the overlay was not raised over the flash')), 5_000);
        const flash = document.createElement('div');
        flash.popover = 'manual';
        flash.textContent = 'Special offer!';
        flash.style.cssText = `position:fixed;inset:auto;left:${at.x - 150}px;top:${at.y - 60}px;width:300px;height:120px;margin:0`;
        document.body.append(flash);
        flash.showPopover();
        setTimeout(() => flash.hidePopover(), 30);
      }),
    accept,
  );
  await bob.page.mouse.click(accept.x, accept.y);
  await bob.page.waitForTimeout(1_000);
  expect(await bob.profile.callState(), 'a click right after the overlay re-appeared').toMatchObject({
    phase: 'incoming',
    callId,
  });
  await expect(hint, 'the gate refused the click and said so').toBeVisible();
  expect((await callHistory(server.url, bobUser.token)).filter((call) => call.answeredAt)).toEqual([]);

  // Control: the same trusted input on the overlay, visible and at rest, does accept.
  await aimAndClick(bob.page, accept);
  await expectPhase(bob, 'active');
  await expectPhase(alice, 'active');
});

test('9b. a page that keeps covering the overlay with its own top layer loses it to the call window', async ({
  server,
  aliceAndBob: { bobUser, alice, bob },
}) => {
  await startCall(alice, 'Bob Baker', 'audio');
  const overlay = await expectRinging(bob, 'Alice Archer', 'audio');
  const accept = await centerOf(overlay, 'Accept');
  // A click-through look-alike in the page's top layer, shown again whenever ours is raised above it.
  await bob.page.evaluate((at) => {
    const cover = document.createElement('div');
    cover.popover = 'manual';
    cover.textContent = 'Claim your prize!';
    cover.style.cssText =
      `position:fixed;inset:auto;left:${at.x - 200}px;top:${at.y - 120}px;width:400px;height:240px;margin:0;` +
      'pointer-events:none;background:#e91e63;color:#fff;font:24px sans-serif;border:0';
    document.body.append(cover);
    setInterval(() => {
      cover.hidePopover();
      cover.showPopover();
    }, 20);
  }, accept);
  await aimAndClick(bob.page, accept);
  const callWindow = await expectCallWindow(bob, 'the call moves to the call window');
  expect(await bob.profile.callState(), 'nothing was accepted in the page').toMatchObject({
    phase: 'incoming',
  });
  expect((await callHistory(server.url, bobUser.token)).filter((call) => call.answeredAt)).toEqual([]);
  await callWindow.getByRole('button', { name: 'Decline' }).click();
  await expectPhase(alice, 'ended');
});
