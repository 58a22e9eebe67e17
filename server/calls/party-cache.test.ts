import { Server } from 'socket.io';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RingsideIo } from '../realtime/rooms.js';
import { createCallPartyCache } from './party-cache.js';

const call = (id: string, state: 'ringing' | 'active' | 'ended' = 'active') => ({
  id,
  state,
  caller_id: 'alice',
  caller_device: 'dev_a',
  callee_id: 'bob',
  callee_device: state === 'ringing' ? null : 'dev_b',
});

describe('call party cache', () => {
  const setup = () => {
    let clock = 1_000_000;
    // Not attached to an HTTP server: nothing to close.
    const io = new Server() as RingsideIo;
    const cache = createCallPartyCache({ io, logger: pino({ level: 'silent' }), now: () => clock });
    return { io, cache, advance: (ms: number) => (clock += ms) };
  };

  it('caches active calls only, and forgets them for good when they end', async () => {
    const { cache } = setup();
    cache.remember(call('ringing', 'ringing'));
    cache.remember(call('ended', 'ended'));
    expect(cache.get('ringing')).toBeUndefined();
    expect(cache.get('ended')).toBeUndefined();
    cache.remember(call('c1'));
    expect(cache.get('c1')).toEqual({
      callerId: 'alice',
      callerDevice: 'dev_a',
      calleeId: 'bob',
      calleeDevice: 'dev_b',
    });
    await cache.ended('c1');
    expect(cache.get('c1')).toBeUndefined();
    expect(cache.hasEnded('c1')).toBe(true);
    // A database read that started before the end and returns "active" after it must not refill.
    cache.remember(call('c1'));
    expect(cache.get('c1')).toBeUndefined();
    cache.stop();
  });

  it('forgets a call another node ended (calls:forget) and acknowledges', () => {
    const { io, cache } = setup();
    cache.remember(call('c2'));
    const acks: unknown[] = [];
    // What the Redis adapter does with another node's serverSideEmitWithAck('calls:forget', ...).
    io.listeners('calls:forget').forEach((listener) =>
      (listener as (ids: unknown, reply: (done: true) => void) => void)(['c2', 42], (done) =>
        acks.push(done),
      ),
    );
    expect(acks).toEqual([true]);
    expect(cache.get('c2')).toBeUndefined();
    cache.remember(call('c2'));
    expect(cache.get('c2')).toBeUndefined();
    cache.stop();
  });

  it('re-reads an entry after its TTL (bounds staleness if an end message was lost)', () => {
    const { cache, advance } = setup();
    cache.remember(call('c3'));
    advance(9_000);
    expect(cache.get('c3')).toBeDefined();
    advance(2_000);
    expect(cache.get('c3')).toBeUndefined();
    expect(cache.size().active).toBe(0);
    cache.stop();
  });
});
