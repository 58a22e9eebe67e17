/**
 * Issue 4, fault 6: the page fights the overlay. Bob takes the call on a page with a strict CSP and
 * `Permissions-Policy: camera=(), microphone=()`; then the page's own script hides the
 * `<ringside-overlay>` host, navigates the overlay frame away (`window.frames[i].location`, allowed
 * for any child frame) and removes the host. The call must continue (media in the offscreen
 * document), the overlay must come back (issue 10), and Bob can hang up from the popup too.
 */
import { callHistory } from '../fixtures/api.js';
import { expectEnded, inOverlay } from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { establishCall, expectMediaRising } from './helpers.js';

test.use({ serverOptions: { ringTimeoutS: 20, reconnectGraceS: 5 } });
test.setTimeout(150_000);

test('R6. the page hides, navigates away and removes the overlay: it comes back, the call goes on, the popup hangs up', async ({
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
    signedInDevice(bobUser, sites.b),
  ]);
  const call = await establishCall(alice, bob, 'audio');

  // 1) Hide the host (the page can style the element even though its shadow root is closed).
  await bob.page.evaluate(() => {
    for (const host of document.querySelectorAll('ringside-overlay'))
      (host as HTMLElement).style.setProperty('display', 'none', 'important');
  });
  // 2) Navigate the overlay frame away through window.frames (cross-origin navigation of a child).
  const navigated = await bob.page.evaluate(() => {
    let count = 0;
    for (let i = 0; i < window.frames.length; i += 1) {
      try {
        window.frames[i]!.location.href = 'about:blank';
        count += 1;
      } catch {
        // Not allowed for this frame.
      }
    }
    return count;
  });
  test.info().annotations.push({ type: 'frames the page navigated', description: String(navigated) });
  // 3) Remove the host altogether.
  const removedAt = Date.now();
  const removed = await bob.page.evaluate(() => {
    const hosts = [...document.querySelectorAll('ringside-overlay')];
    hosts.forEach((host) => host.remove());
    return hosts.length;
  });
  expect(removed, 'the page found the host to remove').toBe(1);
  // Issue 10: the overlay survives the page. Its styles are restored, its frame reloaded and the host
  // put back (three attempts, within the re-attach budget), showing the call again.
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByRole('button', { name: 'Hang up' })).toBeVisible({ timeout: 2_000 });
  });
  test
    .info()
    .annotations.push({ type: 'overlay back after removal', description: `${Date.now() - removedAt} ms` });
  expect(
    await bob.page.evaluate(() => getComputedStyle(document.querySelector('ringside-overlay')!).display),
  ).toBe('block');

  // The call goes on: media both ways, both state machines active.
  await expectMediaRising(bob);
  await expectMediaRising(alice);
  expect(await bob.profile.callState()).toMatchObject({ phase: 'active', callId: call.callId });
  expect(await alice.profile.callState()).toMatchObject({ phase: 'active', callId: call.callId });

  // Bob controls the call from the popup (an extension page the site cannot touch).
  const popup = await bob.profile.openPopup();
  await popup.reload();
  const hangUp = popup.getByRole('button', { name: 'Hang up' });
  await expect(hangUp, 'the popup offers Hang up during a call').toBeVisible();
  await hangUp.click();
  await expectEnded(alice, 'Call ended');
  await expect.poll(() => bob.profile.stats()).toBeNull();
  const [record] = await callHistory(server.url, bobUser.token);
  expect(record).toMatchObject({ id: call.callId, status: 'answered', endReason: 'hangup' });
});
