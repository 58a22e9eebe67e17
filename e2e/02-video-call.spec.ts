import { callHistory } from './fixtures/api.js';
import {
  clickAndExpectEnded,
  clickInOverlay,
  inOverlay,
  expectAudioFlowing,
  expectCalling,
  expectOverlayGone,
  expectPhase,
  expectRemoteVideo,
  expectRinging,
  startCall,
} from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';
import { saveScreenshot } from './fixtures/screenshots.js';

test('2. video call: remote video renders in the overlay on both sides, caller hangs up', async ({
  server,
  aliceAndBob: { aliceUser, alice, bob },
}) => {
  await startCall(alice, 'Bob Baker', 'video');
  await expectCalling(alice, 'Bob Baker');
  const bobOverlay = await expectRinging(bob, 'Alice Archer', 'video');
  await expect(bobOverlay.getByRole('button', { name: 'Accept with audio only' })).toBeVisible();
  await saveScreenshot(bob.page, 'ringing.png');

  await clickInOverlay(bob, 'Accept');
  await expectPhase(alice, 'active');
  await expectPhase(bob, 'active');

  const atBob = await expectRemoteVideo(bob);
  const atAlice = await expectRemoteVideo(alice);
  expect(atBob.frames).toBeGreaterThanOrEqual(5);
  expect(atAlice.frames).toBeGreaterThanOrEqual(5);
  // Issue 12: each overlay's relay was open before the call's first frame, so the peer's video is
  // forwarded as received (frame-forwarder.ts), not decoded and encoded again for the overlay.
  for (const device of [alice, bob])
    expect(
      (await device.profile.relays())?.forwarded,
      `${device.profile.label}: forwarded relays`,
    ).toBeGreaterThanOrEqual(1);
  await inOverlay(bob, async (frame) => {
    await expect(frame.locator('video[aria-label="Your camera"]')).toBeVisible({ timeout: 2_000 });
    await expect(frame.getByRole('button', { name: 'Turn camera off' })).toBeVisible({ timeout: 2_000 });
  });
  await expectAudioFlowing(bob);
  await saveScreenshot(bob.page, 'video-call.png');

  await clickAndExpectEnded(alice, 'Hang up', bob, 'Call ended');
  await expectOverlayGone(alice);
  await expectOverlayGone(bob);
  await expect.poll(() => alice.profile.stats()).toBeNull();
  await expect.poll(() => bob.profile.stats()).toBeNull();

  const [call] = await callHistory(server.url, aliceUser.token);
  expect(call).toMatchObject({
    direction: 'outgoing',
    media: 'video',
    status: 'answered',
    endReason: 'hangup',
  });
});

test('2b. a video call accepted with audio only: audio both ways, the callee never opens its camera', async ({
  aliceAndBob: { alice, bob },
}) => {
  await startCall(alice, 'Bob Baker', 'video');
  await expectRinging(bob, 'Alice Archer', 'video');
  // Bob's answer was made while ringing for a video Accept; this Accept answers on a new session.
  await clickInOverlay(bob, 'Accept with audio only');
  await expectPhase(alice, 'active');
  await expectPhase(bob, 'active');
  await expectAudioFlowing(bob);
  await expectAudioFlowing(alice);
  expect(await bob.profile.capture()).toEqual(['audio']);
  await clickAndExpectEnded(bob, 'Hang up', alice, 'Call ended');
  await expect.poll(() => bob.profile.capture()).toEqual([]);
});
