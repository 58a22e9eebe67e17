import { callHistory, testPassword } from './fixtures/api.js';
import {
  clickAndExpectEnded,
  clickInOverlay,
  inOverlay,
  expectAudioFlowing,
  expectContactPresence,
  expectOverlayGone,
  expectPhase,
  expectRinging,
  startCall,
  type Device,
} from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';
import { saveScreenshot } from './fixtures/screenshots.js';

test('1. audio call: sign up and add a contact in the UI, accept, audio both ways, callee hangs up', async ({
  server,
  sites,
  launchProfile,
  createUser,
  signedInDevice,
}) => {
  const bobUser = await createUser('bob', 'Bob Baker');

  // Alice is new: she creates her account and sends a contact request through the popup.
  const aliceProfile = await launchProfile({ label: 'alice' });
  await aliceProfile.signUp(server.url, 'alice', testPassword, 'Alice Archer');
  await aliceProfile.popup.getByLabel('Contact username').fill('bob');
  await aliceProfile.popup.getByRole('button', { name: 'Add contact' }).click();

  const bob = await signedInDevice(bobUser, sites.a);
  await bob.profile.popup.bringToFront();
  await bob.profile.popup.getByRole('button', { name: 'Accept request from Alice Archer' }).click();
  await expectContactPresence(bob, 'Alice Archer');
  await bob.page.bringToFront();

  const alice: Device = {
    profile: aliceProfile,
    page: await aliceProfile.openSite(sites.a),
    displayName: 'Alice Archer',
  };
  await expectContactPresence(alice, 'Bob Baker', 'Online');
  await aliceProfile.popup.reload();
  await expectContactPresence(alice, 'Bob Baker', 'Online');
  await saveScreenshot(aliceProfile.popup, 'popup.png', { width: 380, height: 600 });

  await startCall(alice, 'Bob Baker', 'audio');
  const bobOverlay = await expectRinging(bob, 'Alice Archer', 'audio');
  // An audio call offers no audio-only variant.
  await expect(bobOverlay.getByRole('button', { name: 'Accept with audio only' })).toHaveCount(0);
  await clickInOverlay(bob, 'Accept');

  await expectPhase(alice, 'active');
  await expectPhase(bob, 'active');
  const aliceStats = await expectAudioFlowing(alice);
  const bobStats = await expectAudioFlowing(bob);
  expect(aliceStats.audioBytesSent).toBeGreaterThan(0);
  expect(bobStats.audioBytesSent).toBeGreaterThan(0);
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByRole('timer')).toBeVisible({ timeout: 2_000 });
    await expect(frame.getByText('Alice Archer')).toBeVisible({ timeout: 2_000 });
  });

  await clickAndExpectEnded(bob, 'Hang up', alice, 'Call ended');
  await expect.poll(async () => (await alice.profile.callState()).phase).not.toBe('active');
  await expect.poll(async () => (await bob.profile.callState()).phase).not.toBe('active');
  await expectOverlayGone(alice);
  await expectOverlayGone(bob);
  // Ending the call releases the peer connection on both sides.
  await expect.poll(() => alice.profile.stats()).toBeNull();
  await expect.poll(() => bob.profile.stats()).toBeNull();

  const [call] = await callHistory(server.url, bobUser.token);
  expect(call).toMatchObject({
    direction: 'incoming',
    media: 'audio',
    status: 'answered',
    endReason: 'hangup',
  });
  expect(call?.peer.displayName).toBe('Alice Archer');
  expect(call?.answeredAt).toBeTruthy();
});
