import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lifetimes } from '../../lib/lifetimes';
import { CallController } from './call-controller';
import { bob, fakeDeps, incomingFrom } from './call-controller.fakes';

/** Let every pending promise continuation run (the fakes answer asynchronously). */
const settle = () => vi.advanceTimersByTimeAsync(0);

let scope: AbortController;
beforeEach(() => {
  vi.useFakeTimers();
  scope = new AbortController();
});
afterEach(() => {
  scope.abort();
  vi.useRealTimers();
});

function controller() {
  const fakes = fakeDeps(scope.signal);
  return { calls: new CallController(fakes.deps), ...fakes };
}

describe('the call controller', () => {
  it('dials: offer first, then the invite; candidates wait for the invite ack', async () => {
    const { calls, signaling, offscreen } = controller();
    signaling.acks.set('call:invite', { ok: true, callId: 'c1' });
    signaling.hold('call:invite');
    const started = calls.startCall(bob, 'audio');
    await settle();
    expect(offscreen.types()).toContain('offscreen:create-offer');
    expect(signaling.sent('call:invite')).toEqual([{ to: 'u-bob', media: 'audio', sdp: 'v=0 offer' }]);
    void calls.sendLocalSignal({ candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } });
    await settle();
    expect(signaling.sent('call:signal')).toEqual([]);
    signaling.release('call:invite');
    expect(await started).toEqual({ ok: true });
    await settle();
    expect(calls.call).toMatchObject({ phase: 'outgoing', callId: 'c1' });
    expect(signaling.sent('call:signal')).toHaveLength(1);
  });

  it('cancels on the server an invite whose ack arrives after the user cancelled', async () => {
    const { calls, signaling } = controller();
    signaling.acks.set('call:invite', { ok: true, callId: 'c1' });
    signaling.hold('call:invite');
    const started = calls.startCall(bob, 'video');
    await settle();
    expect(await calls.hangUp()).toEqual({ ok: true });
    expect(calls.call).toMatchObject({ phase: 'ended', endReason: 'cancelled' });
    signaling.release('call:invite');
    await started;
    expect(signaling.sent('call:hangup')).toEqual([{ callId: 'c1', reason: 'hangup' }]);
    expect(calls.call.phase).toBe('ended');
  });

  it('adopts the other call on glare: answers the call already ringing for us', async () => {
    const { calls, signaling, offscreen } = controller();
    signaling.hold('call:invite');
    const started = calls.startCall(bob, 'video');
    await settle();
    // Bob's own invite reaches us while ours is on its way: it cannot ring (we are dialing).
    calls.onIncoming(incomingFrom(bob, 'c-bob'));
    expect(calls.call.phase).toBe('outgoing');
    signaling.acks.set('call:invite', {
      ok: false,
      error: { code: 'glare', message: 'glare', callId: 'c-bob' },
    });
    signaling.release('call:invite');
    expect(await started).toEqual({ ok: true });
    expect(calls.call).toMatchObject({ phase: 'connecting', direction: 'incoming', callId: 'c-bob' });
    expect(offscreen.types()).toContain('offscreen:create-answer');
    expect(signaling.sent('call:accept')).toEqual([{ callId: 'c-bob', sdp: 'v=0 answer' }]);
  });

  it('rings, accepts and answers with the offer it was rung with', async () => {
    const { calls, signaling, offscreen } = controller();
    calls.onIncoming(incomingFrom(bob, 'c2'));
    expect(calls.call).toMatchObject({ phase: 'incoming', callId: 'c2', peer: bob });
    expect(offscreen.received).toContainEqual({ type: 'offscreen:ringtone', playing: true });
    expect(await calls.acceptCall(true)).toEqual({ ok: true });
    expect(signaling.sent('call:accept')).toEqual([{ callId: 'c2', sdp: 'v=0 answer' }]);
    // Accepted audio-only: the peer hears the camera is off.
    expect(signaling.sent('call:media')).toEqual([{ callId: 'c2', audio: true, video: false }]);
  });

  it('stops an answer in progress when the caller cancels meanwhile (no call:accept)', async () => {
    const { calls, signaling } = controller();
    calls.onIncoming(incomingFrom(bob, 'c3'));
    const accepting = calls.acceptCall(false);
    calls.onEnded('c3', 'cancelled');
    expect(await accepting).toEqual({ ok: true });
    expect(signaling.sent('call:accept')).toEqual([]);
    expect(calls.call).toMatchObject({ phase: 'ended', endReason: 'cancelled' });
  });

  it('restores a ringing call after a worker restart and can still accept it', async () => {
    const first = controller();
    first.calls.onIncoming(incomingFrom(bob, 'c4'));
    const snapshot = first.calls.call;
    const restarted = controller();
    restarted.calls.restore(snapshot, { offer: incomingFrom(bob, 'c4'), signalingOpen: false });
    expect(restarted.calls.call).toMatchObject({ phase: 'incoming', callId: 'c4' });
    expect(await restarted.calls.acceptCall(false)).toEqual({ ok: true });
    expect(restarted.signaling.sent('call:accept')).toEqual([{ callId: 'c4', sdp: 'v=0 answer' }]);
  });

  it('ends a restored dial that never got its call id (the invite was lost with the worker)', () => {
    const first = controller();
    void first.calls.startCall(bob, 'audio');
    const restarted = controller();
    restarted.calls.restore(first.calls.call, null);
    expect(restarted.calls.call).toMatchObject({ phase: 'ended', endReason: 'failed' });
  });

  describe('deadlines', () => {
    it('ends a dial nobody answered as No answer and tells the server', async () => {
      const { calls, signaling } = controller();
      signaling.acks.set('call:invite', { ok: true, callId: 'c5' });
      await calls.startCall(bob, 'audio');
      await vi.advanceTimersByTimeAsync(lifetimes.outgoingRingLimitMs);
      expect(calls.call).toMatchObject({ phase: 'ended', endReason: 'timeout' });
      expect(signaling.sent('call:hangup')).toEqual([{ callId: 'c5', reason: 'hangup' }]);
    });

    it('ends a ring at its expiry plus the grace, as a missed call', async () => {
      const { calls, record } = controller();
      calls.onIncoming(incomingFrom(bob, 'c6', 10_000));
      await vi.advanceTimersByTimeAsync(10_000 + lifetimes.incomingRingGraceMs - 10);
      expect(calls.call.phase).toBe('incoming');
      await vi.advanceTimersByTimeAsync(20);
      expect(calls.call).toMatchObject({ phase: 'ended', endReason: 'timeout' });
      expect(record.missed).toBe(1);
    });

    it('counts a ring the server timed out as one missed call', () => {
      const { calls, record } = controller();
      calls.onIncoming(incomingFrom(bob, 'c7'));
      calls.onEnded('c7', 'timeout');
      expect(record.missed).toBe(1);
    });

    it('gives up on a call stuck connecting as ice_failed and tells the server', async () => {
      const { calls, signaling } = controller();
      calls.onIncoming(incomingFrom(bob, 'c8'));
      await calls.acceptCall(false);
      await vi.advanceTimersByTimeAsync(lifetimes.connectingLimitMs);
      expect(calls.call).toMatchObject({ phase: 'ended', endReason: 'ice_failed' });
      expect(signaling.sent('call:hangup')).toEqual([{ callId: 'c8', reason: 'ice_failed' }]);
    });

    it('has no deadline once the call is active', async () => {
      const { calls } = controller();
      calls.onIncoming(incomingFrom(bob, 'c9'));
      await calls.acceptCall(false);
      calls.onConnectionState('connected');
      await vi.advanceTimersByTimeAsync(10 * lifetimes.connectingLimitMs);
      expect(calls.call.phase).toBe('active');
    });

    it('clears an ended call after showing it, and removes the overlay', async () => {
      const { calls, record, offscreen } = controller();
      calls.onIncoming(incomingFrom(bob, 'c10'));
      await calls.declineCall();
      expect(offscreen.types()).toContain('offscreen:stop');
      await vi.advanceTimersByTimeAsync(lifetimes.endedDisplayMs);
      expect(calls.call.phase).toBe('idle');
      expect(record.removed).toBe(1);
    });
  });
});
