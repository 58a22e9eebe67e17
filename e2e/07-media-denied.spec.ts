import { callHistory } from './fixtures/api.js';
import { clickInOverlay, expectOverlayGone, expectRinging, startCall, type Device } from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';

test('7. camera and microphone denied: a clear message, and the call ends as media_failed', async ({
  server,
  sites,
  createUser,
  connect,
  launchProfile,
  signedInDevice,
}) => {
  const aliceUser = await createUser('alice', 'Alice Archer');
  const bobUser = await createUser('bob', 'Bob Baker');
  await connect(aliceUser, bobUser);
  const alice = await signedInDevice(aliceUser, sites.a);

  // Bob's browser denies every media request (the fake permission UI answers "deny").
  const bobProfile = await launchProfile({ label: 'bob-denied', media: 'deny' });
  await bobProfile.signIn(server.url, bobUser.username, bobUser.password, bobUser.displayName, {
    grantMedia: false,
  });
  const popup = bobProfile.popup;
  const allow = popup.getByRole('button', { name: 'Allow camera and microphone' });
  await expect(popup.getByRole('status').filter({ has: allow })).toBeVisible();
  const [permissionPage] = await Promise.all([bobProfile.context.waitForEvent('page'), allow.click()]);
  await permissionPage.getByRole('button', { name: 'Allow camera and microphone' }).click();
  // The popup (opened afresh, as a user would) says the grant is blocked.
  await expect(async () => {
    await popup.reload();
    await expect(popup.locator('body')).toContainText('blocked', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  if (!permissionPage.isClosed()) await permissionPage.close();

  const bob: Device = {
    profile: bobProfile,
    page: await bobProfile.openSite(sites.a),
    displayName: 'Bob Baker',
  };
  await startCall(alice, 'Bob Baker', 'audio');
  await expectRinging(bob, 'Alice Archer', 'audio');
  await clickInOverlay(bob, 'Accept');

  const overlay = await bob.profile.overlay(bob.page);
  await expect(overlay.getByRole('status')).toContainText('Camera or microphone blocked');
  await expect
    .poll(async () => (await alice.profile.callState()).phase)
    .not.toMatch(/outgoing|connecting|active/);
  await expectOverlayGone(alice);

  await expect
    .poll(async () => (await callHistory(server.url, aliceUser.token))[0]?.endReason)
    .toBe('media_failed');
  const [call] = await callHistory(server.url, bobUser.token);
  expect(call).toMatchObject({ direction: 'incoming', endReason: 'media_failed' });
});
