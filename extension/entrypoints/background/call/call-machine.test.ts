import { describe, expect, it } from 'vitest';
import { idleSnapshot } from '../../../lib/call-state';
import type { CallSnapshot } from '../../../lib/call-state';
import { reduceCall } from './call-machine';
import type { CallEvent } from './call-machine';

const bob = { id: 'u-bob', username: 'bob', displayName: 'Bob' };

function run(events: CallEvent[], start: CallSnapshot = idleSnapshot): CallSnapshot | null {
  let call: CallSnapshot | null = start;
  for (const event of events) {
    if (!call) return null;
    call = reduceCall(call, event, 1000);
  }
  return call;
}

describe('reduceCall', () => {
  it('walks an outgoing call through to ended and back to idle', () => {
    const active = run([
      { kind: 'dial', peer: bob, media: 'video' },
      { kind: 'invited', callId: 'c1' },
      { kind: 'answered' },
      { kind: 'connected' },
    ]);
    expect(active).toMatchObject({ phase: 'active', callId: 'c1', activeSince: 1000, canSendVideo: true });
    const ended = run([{ kind: 'end', reason: 'hangup' }], active!);
    expect(ended).toMatchObject({ phase: 'ended', endReason: 'hangup', mediaReady: false });
    expect(run([{ kind: 'clear' }], ended!)).toEqual(idleSnapshot);
  });

  it('accepts with audio only: no camera is sent', () => {
    const call = run([
      { kind: 'ring', callId: 'c2', peer: bob, media: 'video' },
      { kind: 'accept', audioOnly: true },
    ]);
    expect(call).toMatchObject({ phase: 'connecting', localVideo: false, canSendVideo: false });
  });

  it('refuses events that do not fit the phase', () => {
    expect(reduceCall(idleSnapshot, { kind: 'accept', audioOnly: false }, 0)).toBeNull();
    expect(reduceCall(idleSnapshot, { kind: 'end', reason: 'hangup' }, 0)).toBeNull();
    const ringing = run([{ kind: 'ring', callId: 'c3', peer: bob, media: 'audio' }])!;
    expect(reduceCall(ringing, { kind: 'dial', peer: bob, media: 'audio' }, 0)).toBeNull();
    expect(reduceCall(ringing, { kind: 'answered' }, 0)).toBeNull();
  });

  it('adopts the other call on glare', () => {
    const call = run([
      { kind: 'dial', peer: bob, media: 'audio' },
      { kind: 'adopt-glare', callId: 'theirs', peer: bob, media: 'audio' },
    ]);
    expect(call).toMatchObject({ phase: 'connecting', callId: 'theirs', direction: 'incoming' });
  });

  it('lets every live phase end', () => {
    for (const events of [
      [{ kind: 'dial', peer: bob, media: 'audio' }],
      [{ kind: 'ring', callId: 'c4', peer: bob, media: 'audio' }],
      [
        { kind: 'ring', callId: 'c4', peer: bob, media: 'audio' },
        { kind: 'accept', audioOnly: false },
      ],
    ] as CallEvent[][]) {
      expect(run([...events, { kind: 'end', reason: 'peer_lost' }])?.phase).toBe('ended');
    }
  });

  describe('deadlines', () => {
    const dialing = run([{ kind: 'dial', peer: bob, media: 'audio' }])!;
    const ringing = run([{ kind: 'ring', callId: 'c1', peer: bob, media: 'video' }])!;
    const connecting = run([{ kind: 'accept', audioOnly: false }], ringing)!;

    it('ends a dial nobody answered as "No answer" (timeout), never as cancelled', () => {
      expect(reduceCall(dialing, { kind: 'deadline', phase: 'outgoing' }, 0)).toMatchObject({
        phase: 'ended',
        endReason: 'timeout',
      });
    });

    it('ends a ring nobody took as timeout (a missed call)', () => {
      expect(reduceCall(ringing, { kind: 'deadline', phase: 'incoming' }, 0)).toMatchObject({
        phase: 'ended',
        endReason: 'timeout',
      });
    });

    it('ends a call stuck connecting as ice_failed', () => {
      expect(reduceCall(connecting, { kind: 'deadline', phase: 'connecting' }, 0)).toMatchObject({
        phase: 'ended',
        endReason: 'ice_failed',
      });
    });

    it('clears an ended call once its end has been shown', () => {
      const ended = run([{ kind: 'end', reason: 'hangup' }], connecting)!;
      expect(reduceCall(ended, { kind: 'deadline', phase: 'ended' }, 0)).toEqual(idleSnapshot);
    });

    it('refuses a deadline armed for another phase (a stale timer)', () => {
      expect(reduceCall(connecting, { kind: 'deadline', phase: 'incoming' }, 0)).toBeNull();
    });

    it('has no deadline for an active call', () => {
      const active = run([{ kind: 'connected' }], connecting)!;
      expect(reduceCall(active, { kind: 'deadline', phase: 'active' }, 0)).toBeNull();
    });
  });
});
