import { describe, expect, it } from 'vitest';
import { statusOf } from './calls/records.js';
import { hashPassword, hashToken, newSessionToken, verifyPassword } from './credentials.js';
import { originMatcher } from './http/http-app.js';
import { iceServersFor } from './http/ice-servers.js';
import { createRateLimiter } from './rate-limit.js';
import type { CallRow } from './store/calls.js';

describe('credentials', () => {
  it('hashes passwords with a per-user salt and verifies them', async () => {
    const first = await hashPassword('correct horse', 10);
    const second = await hashPassword('correct horse', 10);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('wrong horse', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });

  it('makes 32-byte tokens and stores only their sha256', () => {
    const token = newSessionToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
  });
});

describe('rate limiter', () => {
  it('allows a burst of max, then refills over the window', () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 2, windowS: 10 }, () => now);
    expect([limiter.take('k'), limiter.take('k'), limiter.take('k')]).toEqual([true, true, false]);
    expect(limiter.take('other')).toBe(true);
    now = 5_000; // half a window: one token back
    expect([limiter.take('k'), limiter.take('k')]).toEqual([true, false]);
    limiter.reset('k');
    expect(limiter.take('k')).toBe(true);
  });
});

describe('ice servers', () => {
  it('omits TURN without a secret', () => {
    const config = {
      stunUrls: ['stun:a'],
      turnUrls: ['turn:b'],
      turnSecret: undefined,
      turnTtlS: 60,
      iceTransportPolicy: 'all' as const,
    };
    expect(iceServersFor(config, 'u1')).toEqual({
      iceServers: [{ urls: ['stun:a'] }],
      ttl: 60,
      iceTransportPolicy: 'all',
    });
  });

  it('uses the coturn REST username format', () => {
    const config = {
      stunUrls: [],
      turnUrls: ['turn:b'],
      turnSecret: 'secret',
      turnTtlS: 60,
      iceTransportPolicy: 'relay' as const,
    };
    const result = iceServersFor(config, 'u1', 1_000_000);
    expect(result.iceServers).toEqual([
      { urls: ['turn:b'], username: '1060:u1', credential: expect.any(String) },
    ]);
    expect(result.iceTransportPolicy).toBe('relay');
  });
});

describe('origin matcher', () => {
  it('matches wildcard patterns literally otherwise', () => {
    const allowed = originMatcher(['chrome-extension://*', 'https://app.example.com']);
    expect(allowed('chrome-extension://abcdef')).toBe(true);
    expect(allowed('https://app.example.com')).toBe(true);
    expect(allowed('https://appXexample.com')).toBe(false);
    expect(allowed('https://evil.example')).toBe(false);
  });
});

describe('call status', () => {
  const call = (patch: Partial<CallRow>): CallRow => ({
    id: 'c',
    caller_id: 'a',
    callee_id: 'b',
    caller_device: 'd',
    callee_device: null,
    media: 'audio',
    state: 'ended',
    offer_sdp: '',
    created_at: '',
    expires_at: '',
    answered_at: null,
    ended_at: null,
    end_reason: null,
    ...patch,
  });

  it('maps end reasons to history statuses', () => {
    expect(statusOf(call({ answered_at: 'x', end_reason: 'peer_lost' }), 'incoming')).toBe('answered');
    expect(statusOf(call({ end_reason: 'timeout' }), 'outgoing')).toBe('missed');
    expect(statusOf(call({ end_reason: 'rejected' }), 'outgoing')).toBe('rejected');
    expect(statusOf(call({ end_reason: 'cancelled' }), 'outgoing')).toBe('cancelled');
    expect(statusOf(call({ end_reason: 'cancelled' }), 'incoming')).toBe('missed');
    expect(statusOf(call({ end_reason: 'busy' }), 'outgoing')).toBe('busy');
    expect(statusOf(call({ end_reason: 'unavailable' }), 'outgoing')).toBe('unavailable');
    expect(statusOf(call({ end_reason: 'peer_lost' }), 'outgoing')).toBe('failed');
  });
});
