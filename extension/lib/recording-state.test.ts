import { describe, expect, it } from 'vitest';
import { actionToSend, idleRecording, reduceRecording } from './recording-state';
import type { RecordingEvent, RecordingState } from './recording-state';

/** Apply events in order; null as soon as one is refused. */
function run(events: RecordingEvent['kind'][], from: RecordingState = idleRecording): RecordingState | null {
  let state: RecordingState | null = from;
  let now = 1000;
  for (const kind of events) {
    if (!state) return null;
    state = reduceRecording(state, { kind } as RecordingEvent, (now += 1000));
  }
  return state;
}

describe('recording state (issue 15)', () => {
  it('records on our side only after the peer allows', () => {
    expect(run(['request'])).toEqual({ phase: 'asking', recorder: 'local', since: 2000, notice: null });
    expect(run(['request', 'allowed'])).toEqual({
      phase: 'recording',
      recorder: 'local',
      since: 3000,
      notice: null,
    });
    expect(run(['request', 'allowed', 'stop'])).toEqual({ ...idleRecording, notice: 'stopped' });
    expect(run(['request', 'allowed', 'stop', 'saved'])).toEqual({ ...idleRecording, notice: 'saved' });
  });

  it('the asked side consents, sees the peer record, and either side stops', () => {
    expect(run(['requested'])).toMatchObject({ phase: 'asked', recorder: 'remote' });
    expect(run(['requested', 'allow'])).toMatchObject({ phase: 'recording', recorder: 'remote' });
    expect(run(['requested', 'allow', 'stop'])).toEqual({ ...idleRecording, notice: 'stopped' });
    expect(run(['requested', 'allow', 'stopped'])).toEqual({ ...idleRecording, notice: 'peer-stopped' });
    expect(run(['request', 'allowed', 'stopped'])).toEqual({ ...idleRecording, notice: 'peer-stopped' });
  });

  it('a denial, a timeout or a withdrawn request records nothing and says why', () => {
    expect(run(['request', 'denied'])).toEqual({ ...idleRecording, notice: 'denied' });
    expect(run(['request', 'timeout'])).toEqual({ ...idleRecording, notice: 'timed-out' });
    expect(run(['request', 'stop'])).toEqual(idleRecording);
    expect(run(['requested', 'deny'])).toEqual(idleRecording);
    expect(run(['requested', 'stopped'])).toEqual({ ...idleRecording, notice: 'withdrawn' });
    expect(run(['requested', 'timeout'])).toEqual({ ...idleRecording, notice: 'withdrawn' });
    // A late answer after the timeout changes nothing.
    expect(run(['request', 'timeout', 'allowed'])).toBeNull();
  });

  it('one recording at a time: a second request either way is refused', () => {
    expect(run(['request', 'request'])).toBeNull();
    expect(run(['request', 'requested'])).toBeNull();
    expect(run(['requested', 'request'])).toBeNull();
    expect(run(['request', 'allowed', 'request'])).toBeNull();
    expect(run(['requested', 'allow', 'requested'])).toBeNull();
    expect(run(['request', 'allowed', 'stop', 'request'])).toMatchObject({ phase: 'asking' });
  });

  it('answers only what was asked, and a recorder failure only on the recording side', () => {
    expect(run(['allow'])).toBeNull();
    expect(run(['allowed'])).toBeNull();
    expect(run(['request', 'allow'])).toBeNull();
    expect(run(['requested', 'allowed'])).toBeNull();
    expect(run(['stop'])).toBeNull();
    expect(run(['request', 'allowed', 'failed'])).toEqual({ ...idleRecording, notice: 'failed' });
    expect(run(['requested', 'allow', 'failed'])).toBeNull();
    expect(run(['request', 'saved'])).toBeNull();
  });

  it('tells the peer every change this side makes, never an echo of the peer', () => {
    const asking = run(['request'])!;
    const recording = run(['request', 'allowed'])!;
    expect(actionToSend(idleRecording, { kind: 'request' })).toBe('request');
    expect(actionToSend(asking, { kind: 'timeout' })).toBe('stop');
    expect(actionToSend(recording, { kind: 'failed' })).toBe('stop');
    expect(actionToSend(recording, { kind: 'stop' })).toBe('stop');
    expect(actionToSend(run(['requested'])!, { kind: 'timeout' })).toBeNull();
    for (const kind of ['requested', 'allowed', 'denied', 'stopped', 'saved'] as const)
      expect(actionToSend(asking, { kind })).toBeNull();
  });
});
