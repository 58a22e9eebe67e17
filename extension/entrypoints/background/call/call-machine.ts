/**
 * The client call state machine: every transition of the call snapshot happens in `reduceCall`,
 * and `CallMachine` logs and publishes each one. Events that do not fit the current phase are
 * refused (and logged), never half-applied.
 */
import type { MediaKind, ScreenShare, User } from '../../../../protocol';
import { idleSnapshot } from '../../../lib/call-state';
import type { CallPhase, CallSnapshot, LocalEndReason } from '../../../lib/call-state';
import type { Logger } from '../../../lib/log';
import { idleRecording, reduceRecording } from '../../../lib/recording-state';
import type { RecordingEvent } from '../../../lib/recording-state';

export type CallEvent =
  | { kind: 'dial'; peer: User; media: MediaKind }
  | { kind: 'invited'; callId: string }
  | { kind: 'ring'; callId: string; peer: User; media: MediaKind }
  | { kind: 'accept'; audioOnly: boolean }
  | { kind: 'adopt-glare'; callId: string; peer: User; media: MediaKind }
  | { kind: 'answered' }
  | { kind: 'connected' }
  | { kind: 'media-ready' }
  | { kind: 'local-media'; audio: boolean; video: boolean }
  | { kind: 'remote-media'; audio: boolean; video: boolean }
  /** Our screen share started (its transceivers) or stopped (null); see call/screen-share.ts. */
  | { kind: 'local-share'; share: ScreenShare | null; notice?: CallSnapshot['shareNotice'] }
  /** The peer's screen share started or stopped (call:media `screen`); one share at a time. */
  | { kind: 'remote-share'; share: ScreenShare | null }
  /** Recording with consent (issue 15): its own pure machine, only while the call is active. */
  | { kind: 'recording'; event: RecordingEvent }
  | { kind: 'end'; reason: LocalEndReason }
  /** The phase's deadline passed (call/deadlines.ts); the machine decides what that means. */
  | { kind: 'deadline'; phase: CallPhase }
  | { kind: 'clear' }
  | { kind: 'restore'; snapshot: CallSnapshot };

const live = new Set(['outgoing', 'incoming', 'connecting', 'active']);

/** A fresh ringing snapshot: video flags start from the call's media on both sides. */
function newCall(
  direction: 'outgoing' | 'incoming',
  peer: CallSnapshot['peer'],
  media: CallSnapshot['media'],
): CallSnapshot {
  const video = media === 'video';
  return {
    ...idleSnapshot,
    phase: direction,
    direction,
    peer,
    media,
    localVideo: video,
    canSendVideo: video,
    remoteVideo: video,
  };
}

/** Pure transition function: the next snapshot, or null when the event is not allowed now. */
export function reduceCall(call: CallSnapshot, event: CallEvent, now: number): CallSnapshot | null {
  const free = call.phase === 'idle' || call.phase === 'ended';
  switch (event.kind) {
    case 'dial':
      if (!free) return null;
      return newCall('outgoing', event.peer, event.media);
    case 'invited':
      return call.phase === 'outgoing' && !call.callId ? { ...call, callId: event.callId } : null;
    case 'ring':
      if (!free) return null;
      return { ...newCall('incoming', event.peer, event.media), callId: event.callId };
    case 'accept':
      return call.phase === 'incoming'
        ? {
            ...call,
            phase: 'connecting',
            localVideo: call.media === 'video' && !event.audioOnly,
            canSendVideo: call.media === 'video' && !event.audioOnly,
          }
        : null;
    case 'adopt-glare':
      // Our invite lost a glare race: we answer the call that is already ringing for us.
      if (call.phase !== 'outgoing') return null;
      return {
        ...idleSnapshot,
        phase: 'connecting',
        direction: 'incoming',
        callId: event.callId,
        peer: event.peer,
        media: event.media,
        localVideo: event.media === 'video',
        canSendVideo: event.media === 'video',
        remoteVideo: event.media === 'video',
      };
    case 'answered':
      return call.phase === 'outgoing' && call.callId ? { ...call, phase: 'connecting' } : null;
    case 'connected':
      if (call.phase === 'active') return call;
      return call.phase === 'connecting' ? { ...call, phase: 'active', activeSince: now } : null;
    case 'media-ready':
      return live.has(call.phase) ? { ...call, mediaReady: true } : null;
    case 'local-media':
      return live.has(call.phase) ? { ...call, localAudio: event.audio, localVideo: event.video } : null;
    case 'remote-media':
      return live.has(call.phase) ? { ...call, remoteAudio: event.audio, remoteVideo: event.video } : null;
    case 'local-share':
      if (!live.has(call.phase)) return null;
      // Our share replaces the peer's (it stops it when our call:media arrives).
      return {
        ...call,
        localShare: event.share,
        remoteShare: event.share ? null : call.remoteShare,
        shareNotice: event.notice ?? (event.share && call.remoteShare ? 'took-over-from-peer' : null),
      };
    case 'remote-share':
      if (!live.has(call.phase)) return null;
      // One share at a time: the newer one wins and the side that lost it is told.
      if (event.share && call.localShare)
        return { ...call, remoteShare: event.share, localShare: null, shareNotice: 'peer-took-over' };
      return { ...call, remoteShare: event.share, shareNotice: event.share ? null : call.shareNotice };
    case 'recording': {
      // A file saved after the call ended is still news (the ended panel may say so).
      if (call.phase !== 'active' && !(event.event.kind === 'saved' && call.phase === 'ended')) return null;
      const recording = reduceRecording(call.recording, event.event, now);
      return recording ? { ...call, recording } : null;
    }
    case 'end':
      return live.has(call.phase)
        ? {
            ...call,
            phase: 'ended',
            endReason: event.reason,
            mediaReady: false,
            localShare: null,
            remoteShare: null,
            shareNotice: null,
            recording: idleRecording,
          }
        : null;
    case 'deadline':
      if (event.phase !== call.phase) return null;
      if (call.phase === 'ended') return { ...idleSnapshot };
      // A dial nobody answered and a ring nobody took are both "No answer"; a call that never
      // connected failed to connect.
      if (call.phase === 'outgoing' || call.phase === 'incoming')
        return { ...call, phase: 'ended', endReason: 'timeout', mediaReady: false };
      if (call.phase === 'connecting')
        return { ...call, phase: 'ended', endReason: 'ice_failed', mediaReady: false };
      return null;
    case 'clear':
      return call.phase === 'ended' ? { ...idleSnapshot } : null;
    case 'restore':
      return event.snapshot;
  }
}

/** Holds the current snapshot; applies events through `reduceCall`, logs and notifies. */
export class CallMachine {
  #call: CallSnapshot = { ...idleSnapshot };

  constructor(
    private readonly log: Logger,
    private readonly onChange: (call: CallSnapshot, previous: CallSnapshot) => void,
  ) {}

  get call(): CallSnapshot {
    return this.#call;
  }

  /** Apply one event; returns false (and changes nothing) when the phase does not allow it. */
  send(event: CallEvent): boolean {
    const previous = this.#call;
    const next = reduceCall(previous, event, Date.now());
    if (!next) {
      this.log.warn('transition refused', {
        event: event.kind,
        phase: previous.phase,
        callId: previous.callId,
      });
      return false;
    }
    // An event that changes nothing (the offscreen heartbeat re-reporting `connected`) is not news.
    if (next === previous) return true;
    this.#call = next;
    if (previous.phase !== next.phase || event.kind !== 'media-ready') {
      this.log.info('transition', {
        event: event.kind,
        from: previous.phase,
        to: next.phase,
        callId: next.callId,
        reason: next.endReason,
      });
    }
    this.onChange(next, previous);
    return true;
  }
}
