import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallController } from '../call-controller';
import { bob, fakeDeps } from '../call-controller.fakes';
import { idleSnapshot } from '../../../lib/call-state';
import { lifetimes } from '../../../lib/lifetimes';
import { recordingFileName } from './recording-file-name';

/** A controller in an active video call with Bob (restored, as after a worker start). */
function activeCall(recording = idleSnapshot.recording) {
  const fakes = fakeDeps(new AbortController().signal);
  const calls = new CallController(fakes.deps);
  calls.restore(
    {
      ...idleSnapshot,
      phase: 'active',
      callId: 'c1',
      peer: bob,
      media: 'video',
      direction: 'outgoing',
      recording,
    },
    null,
  );
  return { calls, ...fakes };
}
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('recording in the call core (issue 15)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('asks the peer, starts the recorder only on allow, and tells the peer when it stops', async () => {
    const { calls, signaling, offscreen } = activeCall();
    expect(await calls.requestRecording()).toEqual({ ok: true });
    expect(signaling.sent('call:record')).toEqual([{ callId: 'c1', action: 'request' }]);
    expect(calls.call.recording).toMatchObject({ phase: 'asking', recorder: 'local' });
    expect(offscreen.types()).not.toContain('offscreen:start-recording');

    calls.onRemoteRecord('c1', 'allow');
    await vi.waitFor(() => expect(offscreen.types()).toContain('offscreen:start-recording'));
    expect(offscreen.received.find((m) => m.type === 'offscreen:start-recording')).toMatchObject({
      fileName: expect.stringMatching(/^Ringside call with Bob Baker \d{4}-\d\d-\d\d \d\d-\d\d\.webm$/),
      video: true,
    });
    expect(calls.call.recording).toMatchObject({ phase: 'recording', recorder: 'local' });

    expect(await calls.stopRecording()).toEqual({ ok: true });
    expect(offscreen.types()).toContain('offscreen:stop-recording');
    expect(signaling.sent('call:record').at(-1)).toEqual({ callId: 'c1', action: 'stop' });
    expect(calls.call.recording).toMatchObject({ phase: 'idle', notice: 'stopped' });
  });

  it('refuses a second request, and a request without an active call', async () => {
    const { calls, signaling } = activeCall();
    await calls.requestRecording();
    expect(await calls.requestRecording()).toEqual({ ok: false, error: 'already_recording' });
    // The peer asking meanwhile is denied at once: one recording at a time.
    calls.onRemoteRecord('c1', 'request');
    await flush();
    expect(signaling.sent('call:record').at(-1)).toEqual({ callId: 'c1', action: 'deny' });

    const idle = new CallController(fakeDeps(new AbortController().signal).deps);
    expect(await idle.requestRecording()).toEqual({ ok: false, error: 'no_call' });
  });

  it('goes back to idle when the server refuses the request, with its code', async () => {
    const { calls, signaling } = activeCall();
    signaling.acks.set('call:record', { ok: false, error: { code: 'not_active', message: 'ringing' } });
    expect(await calls.requestRecording()).toEqual({ ok: false, error: 'not_active' });
    expect(calls.call.recording.phase).toBe('idle');
  });

  it('withdraws an unanswered request after the deadline and tells the asker', async () => {
    const { calls, signaling, offscreen } = activeCall();
    await calls.requestRecording();
    await vi.advanceTimersByTimeAsync(lifetimes.recordingRequestMs);
    await flush();
    expect(calls.call.recording).toMatchObject({ phase: 'idle', notice: 'timed-out' });
    expect(signaling.sent('call:record').at(-1)).toEqual({ callId: 'c1', action: 'stop' });
    // A late allow records nothing.
    calls.onRemoteRecord('c1', 'allow');
    await flush();
    expect(offscreen.types()).not.toContain('offscreen:start-recording');
  });

  it('the asked side consents or not; the peer records, this side only stops it', async () => {
    const { calls, signaling, offscreen } = activeCall();
    calls.onRemoteRecord('c1', 'request');
    expect(calls.call.recording).toMatchObject({ phase: 'asked', recorder: 'remote' });
    expect(await calls.answerRecording(true)).toEqual({ ok: true });
    expect(signaling.sent('call:record')).toEqual([{ callId: 'c1', action: 'allow' }]);
    expect(calls.call.recording).toMatchObject({ phase: 'recording', recorder: 'remote' });
    expect(await calls.stopRecording()).toEqual({ ok: true });
    expect(signaling.sent('call:record').at(-1)).toEqual({ callId: 'c1', action: 'stop' });
    expect(offscreen.types()).not.toContain('offscreen:start-recording');
    expect(offscreen.types()).not.toContain('offscreen:stop-recording');

    calls.onRemoteRecord('c1', 'request');
    expect(await calls.answerRecording(false)).toEqual({ ok: true });
    expect(signaling.sent('call:record').at(-1)).toEqual({ callId: 'c1', action: 'deny' });
    expect(calls.call.recording.phase).toBe('idle');
  });

  it('the call ending resets it; a restarted worker ends a recording and tells the peer once connected', async () => {
    const { calls } = activeCall();
    await calls.requestRecording();
    calls.onRemoteRecord('c1', 'allow');
    calls.onEnded('c1', 'peer_lost');
    expect(calls.call.recording.phase).toBe('idle');

    const restarted = activeCall({ phase: 'recording', recorder: 'local', since: 1, notice: null });
    expect(restarted.calls.call.recording).toMatchObject({ phase: 'idle', notice: 'failed' });
    expect(restarted.offscreen.types()).toContain('offscreen:stop-recording');
    expect(restarted.signaling.sent('call:record')).toEqual([]);
    restarted.calls.onSession({
      user: bob,
      deviceId: 'device-1',
      calls: [{ callId: 'c1', peer: bob, direction: 'outgoing', media: 'video', state: 'active', since: '' }],
    });
    await flush();
    expect(restarted.signaling.sent('call:record')).toEqual([{ callId: 'c1', action: 'stop' }]);
  });

  it('names the file after the peer and the start, with nothing a file system refuses', () => {
    const start = new Date(2026, 11, 1, 17, 30);
    expect(recordingFileName('Bob Baker', start)).toBe('Ringside call with Bob Baker 2026-12-01 17-30.webm');
    expect(recordingFileName('a/b\\c:d*?"<>|\u202e', start)).toBe(
      'Ringside call with a b c d 2026-12-01 17-30.webm',
    );
    expect(recordingFileName('...', start)).toBe('Ringside call 2026-12-01 17-30.webm');
  });
});
