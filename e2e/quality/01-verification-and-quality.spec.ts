import { callHistory, type CallRecord } from '../fixtures/api.js';
import { clickAndExpectEnded, connectCall, expectRemoteVideo, inOverlay } from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { saveScreenshot } from '../fixtures/screenshots.js';
import { qualityOf, verificationCodeOf } from './helpers.js';

/** GET /api/calls records carry the optional quality summary (docs/server.md, additions). */
type RecordWithQuality = CallRecord & {
  quality?: { durationS: number; averageRoundTripTimeMs: number | null; lossPercent: number };
};
const history = async (url: string, token: string) => (await callHistory(url, token)) as RecordWithQuality[];

test('verification code is equal on both sides; quality indicator shows a level; summary stored at hang up', async ({
  server,
  aliceAndBob: { aliceUser, bobUser, alice, bob },
}) => {
  await connectCall(alice, bob, 'video');
  await expectRemoteVideo(bob);

  // 6.5: both sides derive the same 5 emoji from the two DTLS fingerprints.
  const atAlice = await verificationCodeOf(alice);
  const atBob = await verificationCodeOf(bob);
  console.info(`verification code: alice ${atAlice.join('')} bob ${atBob.join('')}`);
  expect(atAlice).toEqual(atBob);

  // 6.2: a level from getStats every 2 s, the figures on hover.
  for (const device of [alice, bob]) {
    const quality = await qualityOf(device);
    console.info(
      `${device.displayName}: quality ${quality.level} (${quality.details.replaceAll('\n', ', ')})`,
    );
    expect(['good', 'fair', 'poor']).toContain(quality.level);
    expect(quality.text).toBe(quality.level[0]!.toUpperCase() + quality.level.slice(1));
    expect(quality.details).toMatch(
      /Round trip: .*\nPacket loss: .*\nJitter: .*\nBitrate: \d+ kbps\nFrame rate: /,
    );
  }
  await inOverlay(bob, async (frame) => {
    await expect(frame.getByRole('note', { name: 'Verification code' })).toBeVisible({ timeout: 2_000 });
  });
  await saveScreenshot(bob.page, 'in-call-details.png');

  // Let a few more samples in, then hang up: the caller's summary goes with call:hangup.
  await bob.page.waitForTimeout(3_000);
  await clickAndExpectEnded(alice, 'Hang up', bob, 'Call ended');
  await expect
    .poll(async () => (await history(server.url, aliceUser.token))[0]?.quality?.durationS ?? 0, {
      message: 'the stored quality summary',
    })
    .toBeGreaterThan(0);
  const [call] = await history(server.url, bobUser.token);
  console.info(`stored quality: ${JSON.stringify(call?.quality)}`);
  expect(call?.quality).toMatchObject({ durationS: expect.any(Number), lossPercent: expect.any(Number) });
});
