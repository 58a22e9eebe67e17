import { describe, expect, it } from 'vitest';
import { limits } from '../../protocol/index.js';
import { befriend, register } from '../../testing/api-client.js';
import { useSocketServer } from '../../testing/socket-suite.js';
import type { TestClient } from '../../testing/socket-client.js';
import { connectError, sleep } from '../../testing/socket-client.js';

const suite = useSocketServer({
  MAX_SOCKETS_PER_USER: '5',
  SIGNAL_RATE_MAX: '20',
  SIGNAL_RATE_WINDOW_S: '3600',
});
const connect = suite.connect.bind(suite);

describe('origin on every transport', () => {
  it('refuses a browser origin outside CORS_ORIGINS on polling and on a direct WebSocket', async () => {
    const alice = await register(suite.url, 'alice');
    const auth = { token: alice.token, deviceId: 'device_12345' };
    for (const transport of ['websocket', 'polling'] as const) {
      expect(
        await connectError(suite.url, auth, { transport, origin: 'https://evil.example' }),
        transport,
      ).not.toBe('connected');
      expect(
        await connectError(suite.url, auth, { transport, origin: 'chrome-extension://abcdefghijklmnop' }),
      ).toBe('connected');
      // No Origin: not a browser (tests, the bench).
      expect(await connectError(suite.url, auth, { transport })).toBe('connected');
    }
  });
});

describe('sockets per user', () => {
  it('refuses the newest socket over the cap with too_many_sockets, also when they race', async () => {
    const alice = await register(suite.url, 'alice');
    const bob = await register(suite.url, 'bob');
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        suite.connect(alice, `device_race_${index}`).catch((error: Error) => error.message),
      ),
    );
    const connected = attempts.filter((attempt): attempt is TestClient => typeof attempt !== 'string');
    expect(connected).toHaveLength(5);
    expect(attempts.filter((attempt) => attempt === 'too_many_sockets')).toHaveLength(3);
    // Another user is not affected; a freed slot can be used again.
    expect(await connectError(suite.url, { token: bob.token, deviceId: 'device_bob_1' })).toBe('connected');
    const gone = connected[0]!.disconnected();
    connected[0]!.close();
    await gone.catch(() => {});
    await sleep(100);
    expect(await connectError(suite.url, { token: alice.token, deviceId: 'device_again' })).toBe('connected');
  });
});

describe('signal budget', () => {
  it('is per user and call: more sockets do not multiply it', async () => {
    const alice = await register(suite.url, 'alice');
    const sockets = await Promise.all([
      connect(alice, 'device_same'),
      connect(alice, 'device_same'),
      connect(alice),
    ]);
    const results = await Promise.all(
      sockets.flatMap((socket) =>
        Array.from({ length: 10 }, () =>
          socket.request('call:signal', { callId: 'one_call', candidate: null }),
        ),
      ),
    );
    const codes = results.map((result) => (result.ok ? 'ok' : result.error.code));
    expect(codes.filter((code) => code === 'not_found')).toHaveLength(20);
    expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(10);
    // Another call has its own budget.
    expect(await sockets[0]!.request('call:signal', { callId: 'other_call', candidate: null })).toMatchObject(
      {
        error: { code: 'not_found' },
      },
    );
  });
});

describe('frames', () => {
  /** An SDP of `bytes` bytes made of two-byte lines, which JSON escapes to 1.5 times its size. */
  const shortLines = (bytes: number) => 'v=0\n'.padEnd(bytes, 'a\n');

  it('delivers a maximal SDP of short lines and answers invalid one byte over, on a live socket', async () => {
    const alice = await register(suite.url, 'alice');
    const bob = await register(suite.url, 'bob');
    await befriend(suite.url, alice, bob);
    const a = await connect(alice);
    const b = await connect(bob);
    const sdp = shortLines(limits.maxSdpBytes);
    expect(JSON.stringify(sdp).length).toBeGreaterThan(72 * 1024); // the size that used to close the socket
    const invite = await a.request('call:invite', { to: bob.user.id, media: 'audio', sdp });
    expect(invite).toMatchObject({ ok: true });
    expect((await b.next('call:incoming')).sdp).toBe(sdp);
    const over = await a.request('call:signal', {
      callId: invite.ok ? invite.callId : '',
      description: { type: 'offer', sdp: shortLines(limits.maxSdpBytes + 1) },
    });
    expect(over).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(a.socket.connected).toBe(true);
    await a.request('call:hangup', { callId: invite.ok && invite.callId });
  });

  it('acks (never drops) an SDP at the limit in the worst JSON encoding: control characters', async () => {
    const alice = await register(suite.url, 'alice');
    const a = await connect(alice);
    for (const size of [limits.maxSdpBytes, limits.maxSdpBytes + 1]) {
      const result = await a.request('call:signal', {
        callId: 'no_call',
        description: { type: 'offer', sdp: '\u0001'.repeat(size) },
      });
      expect(result.ok ? 'ok' : result.error.code, String(size)).toBe(
        size > limits.maxSdpBytes ? 'invalid' : 'not_found',
      );
    }
    expect(a.socket.connected).toBe(true);
  });
});
