import { callHistory } from './fixtures/api.js';
import {
  clickInOverlay,
  expectAudioFlowing,
  expectContactPresence,
  expectEnded,
  expectPhase,
  expectRinging,
  startCall,
} from './fixtures/call.js';
import { expect, test } from './fixtures/index.js';

test('6. busy: a third user calling someone already in a call gets Busy; the call in progress is untouched', async ({
  server,
  sites,
  createUser,
  connect,
  signedInDevice,
}) => {
  const aliceUser = await createUser('alice', 'Alice Archer');
  const bobUser = await createUser('bob', 'Bob Baker');
  const carolUser = await createUser('carol', 'Carol Chen');
  await connect(aliceUser, bobUser);
  await connect(carolUser, bobUser);
  // Side by side: most of a device's set-up is Chromium starting and a sign-in round trip.
  const [alice, bob, carol] = await Promise.all([
    signedInDevice(aliceUser, sites.a),
    signedInDevice(bobUser, sites.a),
    signedInDevice(carolUser, sites.b),
  ]);

  await startCall(alice, 'Bob Baker', 'audio');
  await expectRinging(bob, 'Alice Archer', 'audio');
  await clickInOverlay(bob, 'Accept');
  await expectPhase(bob, 'active');
  const { callId } = await bob.profile.callState();

  // Carol's popup shows Bob as busy; she calls anyway.
  await expectContactPresence(carol, 'Bob Baker', 'Busy');
  await carol.profile.popup.bringToFront();
  await carol.profile.popup.getByRole('button', { name: 'Audio call Bob Baker' }).click();
  await carol.page.bringToFront();
  await expectEnded(carol, 'Busy');
  await expect.poll(async () => (await carol.profile.callState()).phase).not.toMatch(/outgoing|active/);

  // Bob never rang for Carol and his call with Alice goes on.
  const bobOverlay = await bob.profile.overlay(bob.page);
  await expect(bobOverlay.getByText('Carol Chen is calling')).toHaveCount(0);
  const bobState = await bob.profile.callState();
  expect(bobState).toMatchObject({ phase: 'active', callId });
  await expectAudioFlowing(bob);
  await expectAudioFlowing(alice);

  const [carolCall] = await callHistory(server.url, carolUser.token);
  expect(carolCall).toMatchObject({ direction: 'outgoing', status: 'busy', endReason: 'busy' });
  expect(carolCall?.peer.username).toBe('bob');
});
