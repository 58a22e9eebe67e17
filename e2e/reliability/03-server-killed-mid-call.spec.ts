/**
 * Issue 4, fault 3: the server process is killed (SIGKILL) mid-call and started again on the same
 * port and database. Media is peer to peer and must keep flowing; both workers reconnect and resume
 * the call from `session`; a hang up afterwards reaches the peer; history is right.
 */
import { callHistory } from '../fixtures/api.js';
import { clickAndExpectEnded } from '../fixtures/call.js';
import { connectedSockets, establishCall, expectMediaRising, serverCallsByState, sleep } from './helpers.js';
import { expect, test } from './restartable-server.js';

const graceS = 10;
test.use({ serverOptions: { ringTimeoutS: 20, reconnectGraceS: graceS } });
test.setTimeout(180_000);

test('R3. server killed and restarted mid-call: media flows, both resume, hang up reaches the peer', async ({
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
    signedInDevice(bobUser, sites.a),
  ]);
  const call = await establishCall(alice, bob, 'audio');
  expect(await serverCallsByState(server.url)).toMatchObject({ active: 1 });

  await server.kill();
  const killedAt = Date.now();
  // Server gone: media is peer to peer and keeps flowing both ways; the call stays up in the UI.
  await expectMediaRising(alice);
  await expectMediaRising(bob);
  expect((await alice.profile.callState()).phase).toBe('active');
  expect((await bob.profile.callState()).phase).toBe('active');
  await sleep(Math.max(0, 4_000 - (Date.now() - killedAt)));

  await server.start();
  const restartedAt = Date.now();
  await expect
    .poll(() => connectedSockets(server.url), { message: 'both devices reconnect', timeout: 30_000 })
    .toBe(2);
  test.info().annotations.push({
    type: 'both reconnected after restart (ms)',
    description: String(Date.now() - restartedAt),
  });

  // Past the fresh grace the server gives after a restart: nobody was declared lost.
  await sleep((graceS + 3) * 1_000);
  expect(await serverCallsByState(server.url)).toMatchObject({ active: 1 });
  expect(await alice.profile.callState()).toMatchObject({ phase: 'active', callId: call.callId });
  expect(await bob.profile.callState()).toMatchObject({ phase: 'active', callId: call.callId });
  await expectMediaRising(alice);
  await expectMediaRising(bob);

  // A hang up after the restart reaches the peer through the new server process.
  await clickAndExpectEnded(bob, 'Hang up', alice, 'Call ended');
  await expect.poll(() => alice.profile.stats()).toBeNull();
  await expect.poll(() => bob.profile.stats()).toBeNull();
  await expect.poll(() => serverCallsByState(server.url)).toMatchObject({ active: 0, ringing: 0 });

  for (const [user, direction] of [
    [aliceUser, 'outgoing'],
    [bobUser, 'incoming'],
  ] as const) {
    const calls = await callHistory(server.url, user.token);
    expect(calls, `${user.username}: one call in history`).toHaveLength(1);
    expect(calls[0]).toMatchObject({ id: call.callId, direction, status: 'answered', endReason: 'hangup' });
    expect(calls[0]!.answeredAt).toBeTruthy();
    expect(calls[0]!.endedAt).toBeTruthy();
  }
});
