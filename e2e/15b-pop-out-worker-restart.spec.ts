/**
 * Issue 14, pop out, with the service worker stopped while the call is popped out (what Chrome does
 * to an idle worker). The restarted worker must carry on where the call UI was: no overlay put back
 * into the tab beside the still-open pop-out window, and "Back to tab" there still closes it and
 * brings the overlay back.
 */
import { connectCall, expectCallWindow, expectOverlayGone, expectPhase, inOverlay } from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';
import { clickPatiently } from './fixtures/share.js';
import { WorkerWatch } from './reliability/helpers.js';

test('15b. the worker restarts while the call is popped out: it stays popped out, Back to tab still works', async ({
  aliceAndBob: { alice, bob },
}) => {
  await connectCall(alice, bob, 'audio');
  const { callId } = await bob.profile.callState();
  await clickPatiently(bob, 'Pop out');
  const callWindow = await expectCallWindow(bob, 'the pop-out call window opens', 'pop-out');
  await expectOverlayGone(bob);

  // As in real use, no popup is open (its port would keep the worker awake).
  await bob.profile.popup.close();
  const watch = await WorkerWatch.attach(bob.profile, bob.page);
  await watch.stop();
  // The pop-out window's port reconnects and so wakes the worker, which resumes the call.
  await watch.waitRunning(15_000, 'the pop-out window wakes the worker');
  await expect
    .poll(async () => (await bob.profile.callState()).phase, { message: 'bob: the call resumed' })
    .toBe('active');
  expect((await bob.profile.callState()).callId).toBe(callId);
  // Give a wrong placement its chance to happen (the restored call is placed at once).
  await bob.page.waitForTimeout(2_000);
  expect(await bob.profile.hasOverlay(bob.page), 'no overlay put back into the tab').toBe(false);
  expect(callWindow.isClosed(), 'the pop-out window stays').toBe(false);
  await expect(callWindow.getByRole('button', { name: 'Hang up' })).toBeVisible();

  await callWindow.getByRole('button', { name: 'Back to tab' }).click();
  await expect
    .poll(() => callWindow.isClosed(), { message: 'the pop-out window closes', timeout: 15_000 })
    .toBe(true);
  await bob.page.bringToFront();
  await inOverlay(
    bob,
    (frame) => expect(frame.getByRole('button', { name: 'Pop out' })).toBeVisible(),
    20_000,
  );
  await watch.detach();
  await expectPhase(alice, 'active');
});
