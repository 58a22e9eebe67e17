import { clickInOverlay, connectCall, expectRemoteVideo, inOverlay } from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { countLocalDescriptions, expectWorkerLogged } from './helpers.js';
import { onOffscreenObjects } from './offscreen-cdp.js';

// Headless Chromium cannot unplug its fake camera: the test fires `ended` on the live capture track in
// the offscreen document (what Chrome fires when a device goes away), through CDP.
const endCameraTrack = `function () {
  const camera = this.find((track) => track.kind === 'video' && track.readyState === 'live' && !track.label.startsWith('remote'));
  if (!camera) return 'no camera track';
  camera.dispatchEvent(new Event('ended'));
  return 'ended ' + camera.label;
}`;

test('a camera that ends mid-call falls back to the default one, with a notice, without renegotiation', async ({
  aliceAndBob: { alice, bob },
}) => {
  await connectCall(alice, bob, 'video');
  await expectRemoteVideo(bob);
  const aliceDescriptions = await countLocalDescriptions(alice);

  const ended = await onOffscreenObjects(alice.profile, alice.page, 'MediaStreamTrack', endCameraTrack);
  console.info(`device lost: ${String(ended)}`);
  expect(String(ended)).toMatch(/^ended /);

  await inOverlay(alice, async (frame) => {
    await expect(frame.getByRole('alert')).toContainText('Camera disconnected: using the default one', {
      timeout: 2_000,
    });
  });
  const framesAtBob = async () => (await bob.profile.stats())?.videoFramesDecoded ?? 0;
  const before = await framesAtBob();
  await expect
    .poll(framesAtBob, { message: 'video keeps flowing from the default camera' })
    .toBeGreaterThan(before + 20);
  expect((await expectRemoteVideo(bob)).frames).toBeGreaterThanOrEqual(5);
  expect(await aliceDescriptions()).toEqual({ offer: 0, answer: 0 });
  expect(alice.profile.workerLog.some((line) => line.includes('media_failed'))).toBe(false);
  await clickInOverlay(alice, 'Hang up');
  await expectWorkerLogged(bob, 'reason: hangup');
});
