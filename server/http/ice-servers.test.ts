import { describe, expect, it } from 'vitest';
import { iceServersFor } from './ice-servers.js';

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
