/**
 * Issue 14: pop out. "Pop out" in the in-page overlay moves the call to the extension's pop-out
 * call window; "Keep on top" there opens a Document Picture-in-Picture window owned by that
 * extension page (no web page can reach it, and no tab's navigation closes it). The tab navigates
 * away meanwhile and the call goes on; "Back to tab" returns the call to the overlay.
 */
import type { Page } from '@playwright/test';
import {
  expectAudioFlowing,
  expectCallWindow,
  expectOverlayGone,
  expectPhase,
  inOverlay,
} from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';
import { saveScreenshot } from './fixtures/screenshots.js';
import { clickPatiently, connectCallPatiently, expectVideoRendering } from './fixtures/share.js';

const quick = { timeout: 2_000 };
test.setTimeout(240_000);

test('15. pop out a video call: the window shows the call, keeps it on top, the tab navigates away, the call goes on, back to tab', async ({
  sites,
  aliceAndBob: { alice, bob },
}) => {
  await connectCallPatiently(alice, bob, 'video');
  await expectVideoRendering(() => bob.profile.overlay(bob.page, 3_000), 'Remote video', {
    message: 'bob: remote video in the overlay',
  });
  const { callId } = await bob.profile.callState();

  await clickPatiently(bob, 'Pop out');
  const callWindow = await expectCallWindow(bob, 'the pop-out call window opens', 'pop-out');
  expect(callWindow.url()).toContain('popout=1');
  await expectOverlayGone(bob);
  await expectVideoRendering(async () => callWindow, 'Remote video', { message: 'Bob: the pop-out window' });
  await expect(callWindow.getByRole('button', { name: 'Hang up' })).toBeVisible();
  await saveScreenshot(callWindow, 'pop-out-window.png', { width: 560, height: 480 });

  // Keep on top: the always-on-top window is a page of the context; its panel shows the call.
  const [onTop] = await Promise.all([
    bob.profile.context.waitForEvent('page', { timeout: 15_000 }),
    callWindow.getByRole('button', { name: 'Keep on top' }).click(),
  ]);
  await expect(onTop.getByRole('button', { name: 'Back to tab' })).toBeVisible({ timeout: 15_000 });
  await expectVideoRendering(async () => onTop, 'Remote video', { message: 'Bob: the window on top' });
  await expect(callWindow.getByText('The call is in its window on top of the others.')).toBeVisible();
  // The page Bob was on has no handle on it: it is not the page's Picture-in-Picture window.
  expect(
    await bob.page.evaluate(
      () =>
        (window as { documentPictureInPicture?: { window: Window | null } }).documentPictureInPicture
          ?.window ?? null,
    ),
  ).toBeNull();
  await saveScreenshot(onTop, 'pop-out.png', { width: 440, height: 400 });

  // The tab navigates to another site: no overlay comes back there, the call goes on in the window.
  await bob.page.goto(sites.b);
  await expect(bob.page.getByRole('heading', { name: 'Pinecone Recipes' })).toBeVisible();
  await bob.page.waitForTimeout(2_000);
  expect(await bob.profile.hasOverlay(bob.page)).toBe(false);
  expect(onTop.isClosed()).toBe(false);
  // Headless draws only the page in front (Playwright's goto brought the tab there); a real PiP window is always shown.
  await onTop.bringToFront();
  await expectVideoRendering(async () => onTop, 'Remote video', {
    message: 'Bob: on top, after the navigation',
  });
  expect((await bob.profile.callState()).callId).toBe(callId);
  await expectPhase(alice, 'active');
  await expectAudioFlowing(bob);

  // Back to tab: both windows go, the overlay is back on the page Bob navigated to.
  await onTop.getByRole('button', { name: 'Back to tab' }).click();
  await expect.poll(() => onTop.isClosed() && callWindow.isClosed(), { timeout: 15_000 }).toBe(true);
  await bob.page.bringToFront();
  await inOverlay(
    bob,
    (frame) => expect(frame.getByRole('button', { name: 'Pop out' })).toBeVisible(quick),
    20_000,
  );
  await expectVideoRendering(() => bob.profile.overlay(bob.page, 3_000), 'Remote video', {
    message: 'bob: remote video in the overlay',
  });
  expect((await bob.profile.callState()).callId).toBe(callId);

  // Pop out again and close the window: the call comes back to the overlay as well.
  await clickPatiently(bob, 'Pop out');
  const again: Page = await expectCallWindow(bob, 'the pop-out call window opens again', 'pop-out');
  await again.close();
  await inOverlay(
    bob,
    (frame) => expect(frame.getByRole('button', { name: 'Hang up' })).toBeVisible(quick),
    20_000,
  );
  await expectPhase(bob, 'active');

  // Alice hangs up (Bob's overlay was just placed again: a click there may land on the frame it replaces).
  await clickPatiently(alice, 'Hang up');
  await expectOverlayGone(alice);
  await expectOverlayGone(bob);
});
