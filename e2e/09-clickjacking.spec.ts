import type { Frame, Page } from '@playwright/test';
import { callHistory } from './fixtures/api.js';
import { expectPhase, expectRinging, startCall } from './fixtures/call.js';
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

test('9. a page that hides, covers or moves the overlay never gets Accept pressed', async ({
  server,
  aliceAndBob: { bobUser, alice, bob },
}) => {
  await startCall(alice, 'Bob Baker', 'video');
  const overlay = await expectRinging(bob, 'Alice Archer', 'video');
  const { callId } = await bob.profile.callState();
  const accept = await centerOf(overlay, 'Accept');
  const hint = overlay.getByRole('status');

  for (const [name, css] of Object.entries(attacks)) {
    await applyAttack(bob.page, css, accept);
    if (name === 'near-transparent') await saveScreenshot(bob.page, 'clickjacking-near-transparent.png');
    await aimAndClick(bob.page, accept);
    expect(await bob.profile.callState(), `${name}: the call must still ring`).toMatchObject({
      phase: 'incoming',
      callId,
    });
    const claims = await bob.page.locator('#claims').innerText();
    const hinted = await hint.isVisible();
    test.info().annotations.push({ type: name, description: `gate hint shown: ${hinted}; lure: ${claims}` });
    // Where the click reached our frame, the gate refused it and said so; else the page got it.
    expect(hinted || claims !== '0 claims', `${name}: the click went somewhere visible`).toBe(true);
    await applyAttack(bob.page, '', accept);
    await bob.page.evaluate(() => (document.getElementById('claims')!.textContent = '0 claims'));
    await expect(hint).toBeHidden({ timeout: 5_000 });
  }

  // The page moves the overlay under a cursor resting on its lure just before the click.
  const lureSpot = { x: 130, y: 230 };
  await bob.page.mouse.move(lureSpot.x, lureSpot.y);
  await bob.page.waitForTimeout(1_000);
  await bob.page.evaluate(
    ({ dx, dy }) => {
      const host = document.querySelector('ringside-overlay') as HTMLElement;
      host.style.setProperty('translate', `${dx}px ${dy}px`, 'important');
    },
    { dx: lureSpot.x - accept.x, dy: lureSpot.y - accept.y },
  );
  await bob.page.waitForTimeout(120);
  await bob.page.mouse.click(lureSpot.x, lureSpot.y);
  await bob.page.waitForTimeout(1_200);
  expect(await bob.profile.callState(), 'moved under the cursor: the call must still ring').toMatchObject({
    phase: 'incoming',
  });
  await expect(hint, 'the moved-under-cursor click reached the frame and was refused').toBeVisible();
  await bob.page.evaluate(() =>
    (document.querySelector('ringside-overlay') as HTMLElement).style.removeProperty('translate'),
  );
  expect((await callHistory(server.url, bobUser.token)).filter((call) => call.answeredAt)).toEqual([]);

  // Control: the same trusted input on the overlay as drawn, visible and at rest, does accept.
  await bob.page.waitForTimeout(800);
  await aimAndClick(bob.page, accept);
  await expectPhase(bob, 'active');
  await expectPhase(alice, 'active');
});
