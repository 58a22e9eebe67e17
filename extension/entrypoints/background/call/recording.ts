/**
 * Local recording with consent in the call core (issue 15). The state lives in the call snapshot and
 * changes only through lib/recording-state.ts; this part sends each change of ours to the peer
 * (call:record), applies the peer's, drives the offscreen recorder and keeps the request deadline.
 * The side that asked records; the file is made in the offscreen document and saved by the worker.
 */
import type { RecordAction } from '../../../../protocol';
import type { CallSnapshot } from '../../../lib/call-state';
import { lifetimes } from '../../../lib/lifetimes';
import type { Result } from '../../../lib/messages';
import { actionToSend, type RecordingEvent, type RecordingState } from '../../../lib/recording-state';
import type { CallCore } from './call-core';
import { recordingFileName } from './recording-file-name';

/** What the peer's call:record action means on this side. */
const remoteEvent: Record<RecordAction, RecordingEvent['kind']> = {
  request: 'requested',
  allow: 'allowed',
  deny: 'denied',
  stop: 'stopped',
};

export class CallRecording {
  #deadline: ReturnType<typeof setTimeout> | undefined;
  /** A `stop` the peer must still hear (a restarted worker's, sent once signaling is back). */
  #pendingStop: string | null = null;

  constructor(private readonly core: CallCore) {}

  /** "Record": ask the peer. Refused without an active call, or while a recording or request is under way. */
  async request(): Promise<Result> {
    if (this.core.call.phase !== 'active' || !this.core.call.callId) return { ok: false, error: 'no_call' };
    if (this.core.call.recording.phase !== 'idle') return { ok: false, error: 'already_recording' };
    return this.#local({ kind: 'request' });
  }

  /** "Allow recording" / "Don't allow" on the peer's request. */
  async answer(allow: boolean): Promise<Result> {
    if (this.core.call.recording.phase !== 'asked') return { ok: false, error: 'no_recording' };
    return this.#local({ kind: allow ? 'allow' : 'deny' });
  }

  /** "Stop recording" (either side), or withdrawing our request. */
  async stop(): Promise<Result> {
    const { phase } = this.core.call.recording;
    if (phase !== 'recording' && phase !== 'asking') return { ok: false, error: 'no_recording' };
    return this.#local({ kind: 'stop' });
  }

  /** The peer's call:record. A request while one is under way is denied at once (one at a time). */
  onRemote(callId: string, action: RecordAction): void {
    if (callId !== this.core.call.callId) return;
    const before = this.core.call.recording;
    if (!this.#apply({ kind: remoteEvent[action] })) {
      if (action === 'request') void this.#emit(callId, 'deny');
      return;
    }
    this.core.deps.log.info('recording: the peer said', { action, phase: this.core.call.recording.phase });
    if (action === 'allow') void this.#startRecorder(callId);
    if (action === 'stop' && before.phase === 'recording' && before.recorder === 'local')
      this.#stopRecorder();
  }

  /** The offscreen recorder broke mid-way: the peer hears the recording stopped. */
  onRecorderFailed(): void {
    void this.#local({ kind: 'failed' });
  }

  /** The file was handed to the browser's downloads. */
  onSaved(): void {
    this.#apply({ kind: 'saved' });
  }

  /** Every snapshot change: keep the request deadline; the call ending stops the timer (the recorder stops with the media). */
  onCallChange(call: CallSnapshot, previous: CallSnapshot): void {
    const now = call.recording;
    const was = previous.recording;
    if (now.phase === was.phase && now.since === was.since && call.phase === previous.phase) return;
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    if (call.phase !== 'active') return;
    // The asked side waits a little longer: the asker's withdrawal normally arrives first.
    if (now.phase === 'asking')
      this.#deadline = setTimeout(() => void this.#local({ kind: 'timeout' }), lifetimes.recordingRequestMs);
    if (now.phase === 'asked')
      this.#deadline = setTimeout(
        () => this.#apply({ kind: 'timeout' }),
        lifetimes.recordingRequestMs + lifetimes.incomingRingGraceMs,
      );
  }

  /**
   * A restarted worker found a recording or request in the stored snapshot: it cannot know what
   * happened meanwhile, so it ends it cleanly: its recorder saves what it has, and the peer is told.
   * Returns the snapshot to restore (with no recording).
   */
  afterRestart(call: CallSnapshot): CallSnapshot {
    const recording: RecordingState = call.recording;
    if (recording.phase === 'idle' || !call.callId) return call;
    this.core.deps.log.info('recording ended by a worker restart', { phase: recording.phase });
    if (recording.phase === 'recording' && recording.recorder === 'local') this.#stopRecorder();
    this.#pendingStop = call.callId;
    return { ...call, recording: { phase: 'idle', recorder: null, since: null, notice: 'failed' } };
  }

  /** Signaling is back (session event): send what a restart left unsaid. */
  flushPending(): void {
    const callId = this.#pendingStop;
    this.#pendingStop = null;
    if (callId && callId === this.core.call.callId) void this.#emit(callId, 'stop');
  }

  /** One change of ours: apply it, tell the peer, start or stop our recorder. */
  async #local(event: RecordingEvent): Promise<Result> {
    const callId = this.core.call.callId;
    const before = this.core.call.recording;
    if (!callId || !this.#apply(event)) return { ok: false, error: 'no_recording' };
    const action = actionToSend(before, event);
    if (before.phase === 'recording' && before.recorder === 'local') this.#stopRecorder();
    if (!action) return { ok: true };
    const sent = await this.#emit(callId, action);
    if (!sent.ok && event.kind === 'request') {
      // Nobody was asked: back to idle, and the asker hears why.
      this.#apply({ kind: 'stop' });
      return sent;
    }
    return { ok: true };
  }

  #apply(event: RecordingEvent): boolean {
    return this.core.machine.send({ kind: 'recording', event });
  }

  async #emit(callId: string, action: RecordAction): Promise<Result> {
    const signaling = this.core.deps.signaling();
    if (!signaling) return { ok: false, error: 'offline' };
    const ack = await signaling.emit('call:record', { callId, action });
    if (ack.ok) return { ok: true };
    this.core.deps.log.warn('call:record refused', { action, code: ack.error.code });
    return { ok: false, error: ack.error.code };
  }

  async #startRecorder(callId: string): Promise<void> {
    const { call } = this.core;
    const fileName = recordingFileName(
      call.peer?.displayName ?? '',
      new Date(call.recording.since ?? Date.now()),
    );
    const answer = await this.core.deps.media.ask({
      type: 'offscreen:start-recording',
      fileName,
      video: call.media === 'video' || call.localVideo || call.remoteVideo,
    });
    if (answer?.ok) return this.core.deps.log.info('recording started', { callId });
    this.core.deps.log.warn('recorder did not start', {
      error: answer ? answer.error : 'no offscreen document',
    });
    if (this.core.call.callId === callId) void this.#local({ kind: 'failed' });
  }

  #stopRecorder(): void {
    void this.core.deps.media.ask({ type: 'offscreen:stop-recording' });
  }
}
