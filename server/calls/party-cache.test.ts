import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createCallPartyCache } from './party-cache.js';
import type { CallNodes } from './ports.js';

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
    // A lone node's port, plus the hook another node's `calls:forget` arrives through.
    const forgetters: ((callIds: string[]) => void)[] = [];
    const nodes: CallNodes = {
      forgetCalls: async () => {},
      onForgetCalls: (forget) => void forgetters.push(forget),
      callAccepted: () => {},
      onCallAccepted: () => {},
      cancelGrace: () => {},
      onCancelGrace: () => {},
      usersAway: () => {},
      onUsersAway: () => {},
      recentUsers: async () => [],
      onRecentUsers: () => {},
    };
    const cache = createCallPartyCache({ nodes, logger: pino({ level: 'silent' }), now: () => clock });
    const forgottenElsewhere = (callIds: string[]) => forgetters.forEach((forget) => forget(callIds));
    return { cache, forgottenElsewhere, advance: (ms: number) => (clock += ms) };
  };

  it('caches active calls only, and forgets them for good when they end', async () => {
    const { cache } = setup();
    cache.remember(call('ringing', 'ringing'));
    cache.remember(call('ended', 'ended'));
    expect(cache.get('ringing')).toBeUndefined();
    expect(cache.get('ended')).toBeUndefined();
    cache.remember(call('c1'));
    expect(cache.get('c1')).toEqual({
      state: 'active',
      caller_id: 'alice',
      caller_device: 'dev_a',
      callee_id: 'bob',
      callee_device: 'dev_b',
    });
    await cache.ended('c1');
    expect(cache.get('c1')).toBeUndefined();
    expect(cache.hasEnded('c1')).toBe(true);
    // A database read that started before the end and returns "active" after it must not refill.
    cache.remember(call('c1'));
    expect(cache.get('c1')).toBeUndefined();
    cache.stop();
  });

  it('forgets a call another node ended (calls:forget)', () => {
    const { cache, forgottenElsewhere } = setup();
    cache.remember(call('c2'));
    forgottenElsewhere(['c2']);
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
    cache.stop();
  });
});
