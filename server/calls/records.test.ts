import { describe, expect, it } from 'vitest';
import type { CallRow } from '../store/calls.js';
import { statusOf } from './records.js';

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
