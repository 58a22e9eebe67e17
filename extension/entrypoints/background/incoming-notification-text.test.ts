import { describe, expect, it } from 'vitest';
import { idleSnapshot } from '../../lib/call-state';
import { incomingNotificationText } from './incoming-notification-text';

const mallory = { id: 'u2', username: 'mallory', displayName: 'Alice Archer' };

describe('incomingNotificationText', () => {
  it('names the caller by display name and @username', () => {
    const call = { ...idleSnapshot, phase: 'incoming' as const, peer: mallory, media: 'video' as const };
    expect(incomingNotificationText(call)).toEqual({
      title: { key: 'notification.incoming', values: ['Alice Archer', 'mallory'] },
      message: { key: 'notification.videoFrom', values: ['mallory'] },
    });
  });

  it('still rings without a known caller', () => {
    const call = { ...idleSnapshot, phase: 'incoming' as const, media: 'audio' as const };
    expect(incomingNotificationText(call)).toEqual({
      title: { key: 'notification.someone' },
      message: { key: 'notification.audio' },
    });
  });
});
