import { callHistory } from './fixtures/api.js';
import {
  clickInOverlay,
  expectAudioFlowing,
  expectOverlayGone,
  expectPhase,
  expectRinging,
  startCall,
} from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';

test('5. two devices of one user both ring; one accepts; the other stops ringing', async ({
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
  const [alice, bobLaptop, bobDesktop] = await Promise.all([
    signedInDevice(aliceUser, sites.a),
    signedInDevice(bobUser, sites.a, { label: 'bob-laptop' }),
    signedInDevice(bobUser, sites.b, { label: 'bob-desktop' }),
  ]);

  await startCall(alice, 'Bob Baker', 'audio');
  await expectRinging(bobLaptop, 'Alice Archer', 'audio');
  await expectRinging(bobDesktop, 'Alice Archer', 'audio');
  expect((await bobLaptop.profile.callState()).callId).toBe((await bobDesktop.profile.callState()).callId);

  await clickInOverlay(bobLaptop, 'Accept');
  await expectPhase(bobLaptop, 'active');
  await expectPhase(alice, 'active');

  // The other device stops ringing: it says where the call went, or its overlay just goes away.
  await expect
    .poll(
      async () => {
        if (!(await bobDesktop.profile.hasOverlay(bobDesktop.page))) return 'gone';
        const frame = await bobDesktop.profile.overlay(bobDesktop.page, 1_000).catch(() => null);
        if (!frame) return 'gone';
        const text = await frame
          .locator('body')
          .innerText({ timeout: 1_000 })
          .catch(() => '');
        const status = await frame
          .getByRole('status')
          .innerText({ timeout: 1_000 })
          .catch(() => '');
        if (status.includes('Answered on another device') && !text.includes('is calling')) {
          return 'answered elsewhere';
        }
        return 'still showing the call';
      },
      { message: 'second device stops ringing' },
    )
    .not.toBe('still showing the call');
  if (await bobDesktop.profile.hasOverlay(bobDesktop.page)) {
    const overlay = await bobDesktop.profile.overlay(bobDesktop.page);
    await expect(overlay.getByRole('button', { name: 'Accept', exact: true })).toHaveCount(0);
  }
  await expect.poll(async () => (await bobDesktop.profile.callState()).phase).toMatch(/^(idle|ended)$/);
  await expectOverlayGone(bobDesktop);
  expect(await bobDesktop.profile.stats()).toBeNull();

  await expectAudioFlowing(bobLaptop);
  await expectAudioFlowing(alice);
  await clickInOverlay(alice, 'Hang up');
  await expectOverlayGone(bobLaptop);
  const [call] = await callHistory(server.url, bobUser.token);
  expect(call).toMatchObject({ status: 'answered', endReason: 'hangup' });
});
