import { callHistory } from './fixtures/api.js';
import {
  clickAndExpectEnded,
  clickInOverlay,
  expectCalling,
  expectEnded,
  expectOverlayGone,
  expectRinging,
  startCall,
  type Device,
} from './fixtures/call.js';
import { expect, test, type TestUser } from './fixtures/index.js';

/** The short ring timeout of the no-answer test. */
const ringTimeoutS = 8;

test.describe('3. calls that never connect', () => {
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let alice: Device;
  let bob: Device;

  test.beforeEach(async ({ sites, createUser, connect, signedInDevice }) => {
    aliceUser = await createUser('alice', 'Alice Archer');
    bobUser = await createUser('bob', 'Bob Baker');
    await connect(aliceUser, bobUser);
    // Side by side: most of a device's set-up is Chromium starting and a sign-in round trip.
    [alice, bob] = await Promise.all([signedInDevice(aliceUser, sites.a), signedInDevice(bobUser, sites.b)]);
  });

  test('decline: the caller sees Declined, nothing connects', async ({ server }) => {
    await startCall(alice, 'Bob Baker', 'audio');
    await expectCalling(alice, 'Bob Baker');
    await expectRinging(bob, 'Alice Archer', 'audio');
    await clickAndExpectEnded(bob, 'Decline', alice, 'Declined');
    await expectOverlayGone(bob);
    await expectOverlayGone(alice);
    expect((await alice.profile.callState()).phase).not.toBe('active');
    expect(await bob.profile.stats()).toBeNull();
    const [call] = await callHistory(server.url, aliceUser.token);
    expect(call).toMatchObject({ status: 'rejected', endReason: 'rejected', answeredAt: null });
  });

  test('cancel before answer: the callee stops ringing', async ({ server }) => {
    await startCall(alice, 'Bob Baker', 'video');
    await expectCalling(alice, 'Bob Baker');
    await expectRinging(bob, 'Alice Archer', 'video');
    await clickInOverlay(alice, 'Cancel');

    // The callee either says so or just stops ringing; it must never keep offering Accept.
    await expect
      .poll(async () => (await bob.profile.callState()).phase, { message: 'callee stops ringing' })
      .not.toBe('incoming');
    await expectOverlayGone(bob);
    await expectOverlayGone(alice);
    const [outgoing] = await callHistory(server.url, aliceUser.token);
    expect(outgoing).toMatchObject({ direction: 'outgoing', status: 'cancelled', endReason: 'cancelled' });
    // server/calls/records.ts: a call cancelled before answer counts as missed for the callee.
    const [incoming] = await callHistory(server.url, bobUser.token);
    expect(incoming).toMatchObject({
      direction: 'incoming',
      status: 'missed',
      endReason: 'cancelled',
      answeredAt: null,
    });
  });

  test.describe('with a short ring timeout', () => {
    test.use({ serverOptions: { ringTimeoutS, reconnectGraceS: 5 } });
    test('no answer: ring timeout ends it as No answer, a missed call in history and on the badge', async ({
      server,
    }) => {
      const badgeBefore = await bob.profile.badgeText();
      const started = Date.now();
      await startCall(alice, 'Bob Baker', 'audio');
      await expectRinging(bob, 'Alice Archer', 'audio');

      await expectEnded(alice, 'No answer');
      expect(Date.now() - started).toBeGreaterThanOrEqual((ringTimeoutS - 1) * 1000);
      await expectOverlayGone(bob);
      await expect
        .poll(
          async () => {
            const text = await bob.profile.badgeText();
            return text !== '' && text !== badgeBefore;
          },
          {
            message: `missed-call badge (was "${badgeBefore}")`,
          },
        )
        .toBe(true);

      await bob.profile.popup.reload();
      const recent = bob.profile.popup.getByRole('list', { name: 'Recent calls' });
      await expect(recent.getByRole('listitem').filter({ hasText: 'Alice Archer' }).first()).toContainText(
        'Missed',
      );
      const [call] = await callHistory(server.url, bobUser.token);
      expect(call).toMatchObject({ direction: 'incoming', status: 'missed', endReason: 'timeout' });
    });
  });
});
