/**
 * Local recording with consent (issue 15): the recording state of the current call, and the pure
 * transition function every change goes through. The side that asked records (in its offscreen
 * document); the other side only consents and sees the indicator. One recording per call at a time.
 *
 *   idle --request--> asking --allowed--> recording(local)  --stop | stopped | failed--> idle
 *   idle --requested-> asked --allow----> recording(remote) --stop | stopped----------> idle
 *   asking --denied | timeout | stop-->  idle      asked --deny | stopped (withdrawn) | timeout--> idle
 *
 * Anything else is refused (null): the caller answers `already_recording` for a second request, or
 * denies a peer's request that came while one was already under way. The call ending resets it.
 */
import * as z from 'zod/mini';

export const RecordingPhaseSchema = z.enum(['idle', 'asking', 'asked', 'recording']);
export type RecordingPhase = z.infer<typeof RecordingPhaseSchema>;

/** What the UI tells about the last change (null: nothing to say). */
export const RecordingNoticeSchema = z.enum([
  'denied',
  'timed-out',
  'withdrawn',
  'stopped',
  'peer-stopped',
  'failed',
  'saved',
]);
export type RecordingNotice = z.infer<typeof RecordingNoticeSchema>;

export const RecordingStateSchema = z.object({
  phase: RecordingPhaseSchema,
  /** Who makes the file: this side (`local`, it asked) or the peer (`remote`). Null when idle. */
  recorder: z.nullable(z.enum(['local', 'remote'])),
  /** Epoch ms the current phase began (the request's age, the recording's start for its file name). */
  since: z.nullable(z.number()),
  notice: z.nullable(RecordingNoticeSchema),
});
export type RecordingState = z.infer<typeof RecordingStateSchema>;

// Defined beside the overlay's zod/mini schemas (no zod classic in the overlay, issue 12).
import { idleRecording } from './overlay-wire';

export { idleRecording };

export type RecordingEvent =
  /** This side asks the peer. */
  | { kind: 'request' }
  /** The peer asks this side. */
  | { kind: 'requested' }
  /** This side answers the peer's request. */
  | { kind: 'allow' }
  | { kind: 'deny' }
  /** The peer answered our request. */
  | { kind: 'allowed' }
  | { kind: 'denied' }
  /** Our request went unanswered (lifetimes.recordingRequestMs). */
  | { kind: 'timeout' }
  /** This side stops the recording or withdraws its request. */
  | { kind: 'stop' }
  /** The peer stopped the recording, or withdrew its request. */
  | { kind: 'stopped' }
  /** Our recorder could not start or broke. */
  | { kind: 'failed' }
  /** Our file was handed to the browser's downloads. */
  | { kind: 'saved' };

const idleWith = (notice: RecordingNotice | null): RecordingState => ({ ...idleRecording, notice });

/** The next recording state, or null when the event does not fit the current one. */
export function reduceRecording(
  state: RecordingState,
  event: RecordingEvent,
  now: number,
): RecordingState | null {
  switch (event.kind) {
    case 'request':
      return state.phase === 'idle' ? { phase: 'asking', recorder: 'local', since: now, notice: null } : null;
    case 'requested':
      return state.phase === 'idle' ? { phase: 'asked', recorder: 'remote', since: now, notice: null } : null;
    case 'allow':
      return state.phase === 'asked' ? { ...state, phase: 'recording', since: now } : null;
    case 'deny':
      return state.phase === 'asked' ? idleWith(null) : null;
    case 'allowed':
      return state.phase === 'asking' ? { ...state, phase: 'recording', since: now } : null;
    case 'denied':
      return state.phase === 'asking' ? idleWith('denied') : null;
    case 'timeout':
      if (state.phase === 'asking') return idleWith('timed-out');
      return state.phase === 'asked' ? idleWith('withdrawn') : null;
    case 'stop':
      if (state.phase === 'asking') return idleWith(null);
      return state.phase === 'recording' ? idleWith('stopped') : null;
    case 'stopped':
      if (state.phase === 'asked') return idleWith('withdrawn');
      // A stop while we ask: the peer will not let it happen (an older client, or a withdrawn consent).
      if (state.phase === 'asking') return idleWith('denied');
      return state.phase === 'recording' ? idleWith('peer-stopped') : null;
    case 'failed':
      return state.phase === 'asking' || (state.phase === 'recording' && state.recorder === 'local')
        ? idleWith('failed')
        : null;
    case 'saved':
      // The file lands after the recording ended: only the notice changes, unless a new one began.
      return state.phase === 'idle' ? idleWith('saved') : null;
  }
}

/** Whether the peer must hear our side's change (the action to send), given the event and the state before. */
export function actionToSend(
  before: RecordingState,
  event: RecordingEvent,
): 'request' | 'allow' | 'deny' | 'stop' | null {
  switch (event.kind) {
    case 'request':
      return 'request';
    case 'allow':
      return 'allow';
    case 'deny':
      return 'deny';
    case 'timeout':
    case 'failed':
      return before.phase === 'asking' || before.phase === 'recording' ? 'stop' : null;
    case 'stop':
      return 'stop';
    default:
      return null;
  }
}
