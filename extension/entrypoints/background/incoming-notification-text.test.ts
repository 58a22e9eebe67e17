import { describe, expect, it } from 'vitest';
import { idleSnapshot } from '../../lib/call-state';
import { incomingNotificationText } from './call-alerts';

const mallory = { id: 'u2', username: 'mallory', displayName: 'Alice Archer' };

describe('incomingNotificationText', () => {
  it('names the caller by display name and @username', () => {
    const call = { ...idleSnapshot, phase: 'incoming' as const, peer: mallory, media: 'video' as const };
    expect(incomingNotificationText(call)).toEqual({
      title: 'Alice Archer (@mallory) is calling',
      message: 'Video call from @mallory',
    });
  });

  it('still rings without a known caller', () => {
    const call = { ...idleSnapshot, phase: 'incoming' as const, media: 'audio' as const };
    expect(incomingNotificationText(call)).toEqual({ title: 'Someone is calling', message: 'Audio call' });
  });
});
