import { afterEach, describe, expect, it } from 'vitest';
import { api, befriend, register, type Account } from '../../testing/api-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { TestClient, fakeSdp, sleep } from '../../testing/socket-client.js';

const servers: TestServer[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.cleanup();
});

async function setup(env: Record<string, string>) {
  const ts = await startTestServer(env);
  servers.push(ts);
  const alice = await register(ts.url, 'alice', 'Alice');
  const bob = await register(ts.url, 'bob', 'Bob');
  await befriend(ts.url, alice, bob);
  const connect = async (account: Account, deviceId?: string, url = ts.url) => {
    const client = await TestClient.connect(url, account, deviceId);
    clients.push(client);
    return client;
  };
  return { ts, alice, bob, connect, a: await connect(alice), b: await connect(bob) };
}

async function startCall(a: TestClient, b: TestClient, to: string) {
  const invite = await a.request('call:invite', { to, media: 'audio', sdp: fakeSdp() });
  const callId = invite.ok ? (invite.callId as string) : '';
  await b.next('call:incoming');
  expect(await b.request('call:accept', { callId, sdp: fakeSdp('answer') })).toEqual({ ok: true });
  await a.next('call:accepted');
  return callId;
}

describe('ring timeout', () => {
  it('ends an unanswered call with timeout on both sides and records a missed call', async () => {
    const { alice, bob, a, b } = await setup({ RING_TIMEOUT_S: '0.4' });
    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    const callId = invite.ok ? invite.callId : '';
    await b.next('call:incoming');
    expect(await a.next('call:ended', undefined, 3000)).toEqual({ callId, reason: 'timeout' });
    expect(await b.next('call:ended', undefined, 3000)).toEqual({ callId, reason: 'timeout' });
    expect(await b.request('call:accept', { callId, sdp: fakeSdp() })).toMatchObject({
      error: { code: 'ended' },
    });
    const bobHistory = await api(servers[0]!.url, 'GET', '/api/calls', { token: bob.token });
    expect(bobHistory.body.calls[0]).toMatchObject({ id: callId, status: 'missed', endReason: 'timeout' });
    const aliceHistory = await api(servers[0]!.url, 'GET', '/api/calls', { token: alice.token });
    expect(aliceHistory.body.calls[0]).toMatchObject({ id: callId, direction: 'outgoing', status: 'missed' });
  });
});

describe('reconnect grace', () => {
  it('a device that reconnects within the grace resumes its call', async () => {
    const { bob, alice, connect, a, b } = await setup({ RECONNECT_GRACE_S: '2' });
    const callId = await startCall(a, b, bob.user.id);
    b.close();
    await sleep(300);
    const back = await connect(bob, b.deviceId);
    expect(back.session.calls).toEqual([
      expect.objectContaining({ callId, peer: alice.user, direction: 'incoming', state: 'active' }),
    ]);
    await sleep(2000); // past the original grace: nothing ends
    expect(a.all('call:ended')).toHaveLength(0);
    expect(await a.request('call:signal', { callId, candidate: { candidate: 'after-resume' } })).toEqual({
      ok: true,
    });
    expect(await back.next('call:signal')).toMatchObject({ callId });
    expect(await back.request('call:hangup', { callId })).toEqual({ ok: true });
    expect(await a.next('call:ended')).toEqual({ callId, reason: 'hangup' });
  });

  it('after the grace the other side gets peer_lost, and the lost device resumes nothing', async () => {
    const { bob, connect, a, b } = await setup({ RECONNECT_GRACE_S: '0.3' });
    const callId = await startCall(a, b, bob.user.id);
    b.close();
    expect(await a.next('call:ended', undefined, 3000)).toEqual({ callId, reason: 'peer_lost' });
    const back = await connect(bob, b.deviceId);
    expect(back.session.calls).toEqual([]);
    expect(await back.request('call:hangup', { callId })).toMatchObject({ error: { code: 'ended' } });
  });

  it('a callee whose device left within the grace is rung (not unavailable) and gets the call on return', async () => {
    const { bob, alice, connect, a, b } = await setup({ RECONNECT_GRACE_S: '2', RING_TIMEOUT_S: '5' });
    b.drop(); // e.g. its MV3 worker was stopped
    await sleep(200);
    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp('away') });
    expect(invite).toMatchObject({ ok: true, callId: expect.any(String) });
    const back = await connect(bob, b.deviceId);
    expect(back.session.calls).toEqual([
      expect.objectContaining({
        callId: invite.ok && invite.callId,
        peer: alice.user,
        direction: 'incoming',
        state: 'ringing',
        sdp: fakeSdp('away'),
        expiresAt: expect.any(String),
      }),
    ]);
    expect(
      await back.request('call:accept', { callId: invite.ok && invite.callId, sdp: fakeSdp('answer') }),
    ).toEqual({ ok: true });
    await a.next('call:accepted');
  });

  it('a callee gone for longer than the grace is unavailable; one away within it still rings out', async () => {
    const { bob, a, b } = await setup({ RECONNECT_GRACE_S: '0.5', RING_TIMEOUT_S: '0.5' });
    b.drop();
    await sleep(100);
    const ringing = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    expect(ringing).toMatchObject({ ok: true });
    expect(await a.next('call:ended', undefined, 3000)).toEqual({
      callId: ringing.ok && ringing.callId,
      reason: 'timeout',
    });
    await sleep(700);
    const late = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    expect(late).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('a callee who signed out is unavailable at once, not rung for the grace', async () => {
    const { ts, bob, a, b } = await setup({ RECONNECT_GRACE_S: '30' });
    const gone = b.disconnected();
    expect((await api(ts.url, 'POST', '/api/auth/logout', { token: bob.token })).status).toBe(204);
    await gone;
    await sleep(100);
    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    expect(invite).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('a caller that vanishes while ringing: the callee devices get peer_lost', async () => {
    const { bob, a, b } = await setup({ RECONNECT_GRACE_S: '0.3' });
    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    await b.next('call:incoming');
    a.close();
    expect(await b.next('call:ended', undefined, 3000)).toEqual({
      callId: invite.ok && invite.callId,
      reason: 'peer_lost',
    });
  });

  it('the session event lists a ringing incoming call with its offer and expiry', async () => {
    const { bob, alice, connect, a, b } = await setup({});
    const invite = await a.request('call:invite', {
      to: bob.user.id,
      media: 'video',
      sdp: fakeSdp('the-offer'),
    });
    await b.next('call:incoming');
    const late = await connect(bob);
    expect(late.session).toMatchObject({ user: bob.user, deviceId: late.deviceId });
    expect(late.session.calls).toEqual([
      {
        callId: invite.ok && invite.callId,
        peer: alice.user,
        direction: 'incoming',
        media: 'video',
        state: 'ringing',
        since: expect.any(String),
        sdp: fakeSdp('the-offer'),
        expiresAt: expect.any(String),
      },
    ]);
    // The caller's other device does not see it; the inviting device does, as outgoing.
    const aliceOther = await connect(alice);
    expect(aliceOther.session.calls).toEqual([]);
    const aliceAgain = await connect(alice, a.deviceId);
    expect(aliceAgain.session.calls).toEqual([
      expect.objectContaining({ direction: 'outgoing', state: 'ringing', expiresAt: expect.any(String) }),
    ]);
    expect(aliceAgain.session.calls[0]).not.toHaveProperty('sdp');
    // The late device answers from what `session` told it.
    expect(
      await late.request('call:accept', { callId: late.session.calls[0]!.callId, sdp: fakeSdp() }),
    ).toEqual({
      ok: true,
    });
    expect(await a.next('call:accepted')).toMatchObject({ callId: late.session.calls[0]!.callId });
    expect(await b.next('call:ended')).toMatchObject({ reason: 'answered_elsewhere' });
  });
});

describe('server restart', () => {
  it('resumes a live call on the same database and still delivers the hangup', async () => {
    const { ts, alice, bob, a, b } = await setup({ RECONNECT_GRACE_S: '2' });
    const callId = await startCall(a, b, bob.user.id);
    await ts.close();
    a.close();
    b.close();

    const restarted = await startTestServer(ts.env, ts.dir);
    servers.push(restarted);
    const a2 = await TestClient.connect(restarted.url, alice, a.deviceId);
    const b2 = await TestClient.connect(restarted.url, bob, b.deviceId);
    clients.push(a2, b2);
    expect(a2.session.calls).toEqual([
      expect.objectContaining({ callId, state: 'active', direction: 'outgoing' }),
    ]);
    expect(b2.session.calls).toEqual([
      expect.objectContaining({ callId, state: 'active', direction: 'incoming' }),
    ]);
    expect(await a2.request('call:media', { callId, audio: false, video: false })).toEqual({ ok: true });
    expect(await b2.next('call:media')).toEqual({ callId, audio: false, video: false });
    await sleep(2300); // past the post-restart grace: both devices are back, so the call lives on
    expect(b2.all('call:ended')).toHaveLength(0);
    expect(await a2.request('call:hangup', { callId })).toEqual({ ok: true });
    expect(await b2.next('call:ended')).toEqual({ callId, reason: 'hangup' });
  });

  it('ends a call as peer_lost when a device never comes back after a restart', async () => {
    const { ts, alice, bob, a, b } = await setup({ RECONNECT_GRACE_S: '0.5' });
    const callId = await startCall(a, b, bob.user.id);
    await ts.close();
    a.close();
    b.close();
    const restarted = await startTestServer(ts.env, ts.dir);
    servers.push(restarted);
    const a2 = await TestClient.connect(restarted.url, alice, a.deviceId);
    clients.push(a2);
    expect(await a2.next('call:ended', undefined, 3000)).toEqual({ callId, reason: 'peer_lost' });
  });

  it('ends a call that was ringing past its expiry as timeout', async () => {
    const { ts, alice, bob, a } = await setup({ RING_TIMEOUT_S: '0.5' });
    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    await ts.close();
    a.close();
    await sleep(600);
    const restarted = await startTestServer(ts.env, ts.dir);
    servers.push(restarted);
    await sleep(100);
    const history = await api(restarted.url, 'GET', '/api/calls', { token: alice.token });
    expect(history.body.calls[0]).toMatchObject({
      id: invite.ok && invite.callId,
      status: 'missed',
      endReason: 'timeout',
    });
  });
});
