import { describe, expect, it } from 'vitest';
import { limits } from '../../protocol/index.js';
import { api, befriend, register, type Account } from '../../testing/api-client.js';
import { useSocketServer } from '../../testing/socket-suite.js';
import type { TestClient } from '../../testing/socket-client.js';
import { connectError, fakeSdp, sleep } from '../../testing/socket-client.js';

const suite = useSocketServer({
  INVITE_RATE_MAX: '3',
  INVITE_RATE_WINDOW_S: '3600',
  SIGNAL_RATE_MAX: '20',
  SIGNAL_RATE_WINDOW_S: '3600',
});
const connect = suite.connect.bind(suite);

describe('handshake', () => {
  it('refuses sockets without a valid token or deviceId with connect_error unauthorized', async () => {
    const alice = await register(suite.url, 'alice');
    expect(await connectError(suite.url, {})).toBe('unauthorized');
    expect(await connectError(suite.url, { deviceId: 'device_12345' })).toBe('unauthorized');
    expect(await connectError(suite.url, { token: 'forged', deviceId: 'device_12345' })).toBe('unauthorized');
    expect(await connectError(suite.url, { token: alice.token, deviceId: 'bad id!' })).toBe('unauthorized');
    expect(await connectError(suite.url, { token: alice.token })).toBe('unauthorized');
    expect(await connectError(suite.url, { token: alice.token, deviceId: 'device_12345' })).toBe('connected');
  });

  it('sends session with the user and device, and logout disconnects that token only', async () => {
    const alice = await register(suite.url, 'alice');
    const login = await api(suite.url, 'POST', '/api/auth/login', {
      body: { username: alice.user.username, password: 'correct horse' },
    });
    const other: Account = login.body;
    const first = await connect(alice);
    const second = await connect(other);
    expect(first.session).toEqual({ user: alice.user, deviceId: first.deviceId, calls: [] });
    const gone = first.disconnected();
    expect((await api(suite.url, 'POST', '/api/auth/logout', { token: alice.token })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(await connectError(suite.url, { token: alice.token, deviceId: first.deviceId })).toBe(
      'unauthorized',
    );
    expect(second.socket.connected).toBe(true);
    expect((await api(suite.url, 'GET', '/api/me', { token: alice.token })).status).toBe(401);
  });
});

describe('bad input', () => {
  it('answers invalid for every malformed payload and keeps serving', async () => {
    const alice = await register(suite.url, 'alice');
    const bob = await register(suite.url, 'bob');
    await befriend(suite.url, alice, bob);
    const a = await connect(alice);
    const b = await connect(bob);
    const bigSdp = 'a'.repeat(limits.maxSdpBytes + 1);
    const cases: [Parameters<TestClient['request']>[0], unknown][] = [
      ['call:invite', undefined],
      ['call:invite', 'not an object'],
      ['call:invite', { to: bob.user.id, media: 'hologram', sdp: fakeSdp() }],
      ['call:invite', { to: bob.user.id, media: 'audio', sdp: 42 }],
      ['call:invite', { to: bob.user.id, media: 'audio', sdp: bigSdp }],
      ['call:invite', { to: bob.user.id, media: 'audio', sdp: '' }],
      ['call:accept', { callId: 'x' }],
      ['call:accept', { callId: 'x', sdp: bigSdp }],
      ['call:reject', {}],
      ['call:hangup', { callId: 'x', reason: 'bored' }],
      ['call:signal', { callId: 'x' }],
      ['call:signal', { callId: 'x', candidate: { candidate: 'c'.repeat(limits.maxCandidateBytes) } }],
      ['call:signal', { callId: 'x', description: { type: 'pranswer', sdp: 'v=0' } }],
      ['call:media', { callId: 'x', audio: 'yes', video: false }],
      ['call:media', { callId: 'y'.repeat(65), audio: true, video: false }],
    ];
    for (const [event, payload] of cases) {
      const result = await a.request(event, payload);
      expect(result, `${event} ${JSON.stringify(payload)?.slice(0, 80)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid', message: expect.any(String) },
      });
    }
    expect(b.all('call:incoming')).toHaveLength(0);
    // An event without an ack is ignored, not a crash.
    a.raw('call:invite', { to: bob.user.id });
    // The same socket still works for a valid invite.
    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    expect(invite.ok).toBe(true);
    await b.next('call:incoming');
    await a.request('call:hangup', { callId: invite.ok && invite.callId });
  });

  it('disconnects a socket that sends more than maxHttpBufferSize, and only that socket', async () => {
    const alice = await register(suite.url, 'alice');
    const bob = await register(suite.url, 'bob');
    const a = await connect(alice);
    const b = await connect(bob);
    const gone = a.disconnected();
    a.raw('call:invite', {
      to: bob.user.id,
      media: 'audio',
      sdp: 'a'.repeat(limits.maxSocketMessageBytes + 10),
    });
    expect(await gone).toMatch(/transport close|transport error/);
    expect(b.socket.connected).toBe(true);
    expect(await b.request('call:reject', { callId: 'nope' })).toMatchObject({
      error: { code: 'not_found' },
    });
  });
});

describe('rate limits', () => {
  it('limits call invites per user', async () => {
    const alice = await register(suite.url, 'alice');
    const bob = await register(suite.url, 'bob');
    await befriend(suite.url, alice, bob);
    const a = await connect(alice);
    const codes: string[] = [];
    // Bob is offline: each invite is `unavailable` until the bucket (3) runs dry.
    for (let index = 0; index < 5; index++) {
      const result = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
      codes.push(result.ok ? 'ok' : result.error.code);
    }
    expect(codes).toEqual(['unavailable', 'unavailable', 'unavailable', 'rate_limited', 'rate_limited']);
  });

  it('limits signals per user and call', async () => {
    const alice = await register(suite.url, 'alice');
    const a = await connect(alice);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => a.request('call:signal', { callId: 'nope', candidate: null })),
    );
    const codes = results.map((result) => (result.ok ? 'ok' : result.error.code));
    expect(codes.filter((code) => code === 'not_found')).toHaveLength(20);
    expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(10);
  });
});

describe('presence', () => {
  it('pushes online, busy, dnd and offline to contacts, aggregated over devices', async () => {
    const alice = await register(suite.url, 'alice');
    const bob = await register(suite.url, 'bob');
    await befriend(suite.url, alice, bob);
    const a = await connect(alice);
    const of = (presence: string) => (event: { userId: string; presence: string }) =>
      event.userId === bob.user.id && event.presence === presence;

    const b1 = await connect(bob);
    await a.next('presence', of('online'));
    const b2 = await connect(bob);
    b1.close();
    await sleep(100);
    // One of Bob's devices is still online.
    const contacts = await api(suite.url, 'GET', '/api/contacts', { token: alice.token });
    expect(contacts.body.contacts).toEqual([{ ...bob.user, presence: 'online' }]);

    await api(suite.url, 'PUT', '/api/me/dnd', { token: bob.token, body: { dnd: true } });
    await a.next('presence', of('dnd'));
    expect((await api(suite.url, 'GET', '/api/me', { token: bob.token })).body).toEqual({
      user: bob.user,
      dnd: true,
    });
    await api(suite.url, 'PUT', '/api/me/dnd', { token: bob.token, body: { dnd: false } });
    await a.next('presence', of('online'));

    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp: fakeSdp() });
    const callId = invite.ok ? invite.callId : '';
    await b2.next('call:incoming');
    await b2.request('call:accept', { callId, sdp: fakeSdp() });
    await a.next('presence', of('busy'));
    await a.request('call:hangup', { callId });
    await a.next('presence', of('online'));

    b2.close();
    await a.next('presence', of('offline'));
    // A non-contact never hears about Bob.
    const stranger = await connect(await register(suite.url, 'stranger'));
    await connect(bob);
    await a.next('presence', of('online'));
    expect(stranger.all('presence')).toHaveLength(0);
  });
});

describe('presence after contact changes', () => {
  it('stops pushing presence to a removed contact at once, and resumes when they are contacts again', async () => {
    const alice = await register(suite.url, 'alice');
    const bob = await register(suite.url, 'bob');
    await befriend(suite.url, alice, bob);
    const a = await connect(alice);
    const b = await connect(bob);
    const of = (presence: string) => (event: { userId: string; presence: string }) =>
      event.userId === bob.user.id && event.presence === presence;
    // Bob's contact ids are now cached on the node (his connect broadcast read them).
    await api(suite.url, 'PUT', '/api/me/dnd', { token: bob.token, body: { dnd: true } });
    await a.next('presence', of('dnd'));
    const heard = () => a.all('presence').filter((event) => event.userId === bob.user.id).length;
    const before = heard();
    expect(
      (await api(suite.url, 'DELETE', `/api/contacts/${alice.user.id}`, { token: bob.token })).status,
    ).toBe(204);
    // Broadcasts of Bob's presence (a device connects, another leaves) reach no one now.
    await connect(bob);
    b.close();
    await sleep(200);
    expect(heard()).toBe(before);
    await befriend(suite.url, alice, bob);
    await connect(bob);
    await a.next('presence', of('online'));
  });
});
