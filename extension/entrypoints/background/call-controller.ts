/**
 * The call core's facade: the one object the rest of the worker (message handlers, server event
 * routing, notifications, commands) talks to. The work happens in call/: a session per call,
 * deadlines by phase, and one file per direction.
 */
import type {
  CallIncoming,
  MediaKind,
  RecordAction,
  ScreenShare,
  SessionEvent,
  User,
} from '../../../protocol';
import type { CallSnapshot, LocalEndReason } from '../../lib/call-state';
import type { DeviceChoice, LocalSignal, Result } from '../../lib/messages';
import { CallCore } from './call/call-core';
import type { CallDeps, PlacementPort } from './call/call-ports';
import type { CallSessionRecord } from './call/call-session';
import { hangUp, setLocalMedia, switchDevices } from './call/in-call';
import { acceptCall, declineCall } from './call/incoming-call';
import { startCall } from './call/outgoing-call';
import { ServerEvents } from './call/server-events';
import { remoteShare, shareEnded, startShare, stopShare } from './call/screen-share';
import { CallRecording } from './call/recording';
import { applyTransitionEffects, onDeadline } from './call/transition-effects';

export type { CallDeps } from './call/call-ports';

export class CallController {
  readonly #core: CallCore;
  readonly #server: ServerEvents;
  readonly #recording: CallRecording;
  readonly #listeners = new Set<(call: CallSnapshot) => void>();

  constructor(deps: CallDeps) {
    this.#core = new CallCore(
      deps,
      (call, previous) => {
        applyTransitionEffects(this.#core, call, previous);
        this.#recording.onCallChange(call, previous);
        for (const listener of this.#listeners) listener(call);
      },
      (phase) => onDeadline(this.#core, phase),
    );
    this.#server = new ServerEvents(this.#core);
    this.#recording = new CallRecording(this.#core);
  }

  get call(): CallSnapshot {
    return this.#core.call;
  }

  get placement(): PlacementPort {
    return this.#core.placement;
  }

  /** Hear every new call snapshot. */
  onChange(listener: (call: CallSnapshot) => void): void {
    this.#listeners.add(listener);
  }

  /** Restore the call a previous worker instance left in chrome.storage.session. */
  restore(call: CallSnapshot, record: CallSessionRecord | null): void {
    if (call.phase === 'idle') return;
    const unfinishedDial = call.phase === 'outgoing' && !call.callId;
    const snapshot =
      call.phase === 'ended' || unfinishedDial
        ? { ...call, phase: 'ended' as const, endReason: call.endReason ?? 'failed' }
        : call;
    this.#core.begin({ kind: 'restore', snapshot: this.#recording.afterRestart(snapshot) }, record ?? {});
  }

  startCall(peer: User, media: MediaKind): Promise<Result> {
    const { call } = this;
    if (call.phase === 'incoming' && call.peer?.id === peer.id) return this.acceptCall(false);
    return startCall(this.#core, peer, media, this.#server.ringingOffers);
  }

  acceptCall(audioOnly: boolean): Promise<Result> {
    return acceptCall(this.#core, audioOnly);
  }

  declineCall(): Promise<Result> {
    return declineCall(this.#core);
  }

  hangUp(reason: 'hangup' | 'media_failed' | 'ice_failed' = 'hangup'): Promise<Result> {
    return hangUp(this.#core, reason, () => this.declineCall());
  }

  setLocalMedia(audio: boolean, video: boolean): Promise<Result> {
    return setLocalMedia(this.#core, audio, video);
  }

  switchDevices(previous: DeviceChoice, next: DeviceChoice): Promise<void> {
    return switchDevices(this.#core, previous, next);
  }

  // ---- screen share and pop-out (issue 14) ----
  shareScreen(): Promise<Result> {
    return startShare(this.#core);
  }
  stopShare(): Promise<Result> {
    return stopShare(this.#core);
  }
  /** The offscreen document saw the shared surface go. */
  onShareEnded(): Promise<void> {
    return shareEnded(this.#core);
  }
  onRemoteShare(callId: string, share: ScreenShare | null): void {
    if (callId === this.call.callId) remoteShare(this.#core, share);
  }
  /** The call UI leaves the page for the pop-out call window ("Back to tab" or closing returns it). */
  async popOut(): Promise<Result> {
    if (this.call.phase !== 'connecting' && this.call.phase !== 'active')
      return { ok: false, error: 'no_call' };
    await this.#core.placement.popOut(true);
    return { ok: true };
  }
  async backToTab(): Promise<Result> {
    await this.#core.placement.popOut(false);
    return { ok: true };
  }

  // ---- recording with consent (issue 15) ----
  requestRecording(): Promise<Result> {
    return this.#recording.request();
  }
  answerRecording(allow: boolean): Promise<Result> {
    return this.#recording.answer(allow);
  }
  stopRecording(): Promise<Result> {
    return this.#recording.stop();
  }
  onRemoteRecord(callId: string, action: RecordAction): void {
    this.#recording.onRemote(callId, action);
  }
  onRecorderFailed(): void {
    this.#recording.onRecorderFailed();
  }
  onRecordingSaved(): void {
    this.#recording.onSaved();
  }

  /** A local ICE candidate or renegotiation description from the offscreen document. */
  sendLocalSignal(signal: LocalSignal): Promise<void> {
    return this.#core.sendLocalSignal(signal);
  }

  /** The peer connection's state, reported by the offscreen document. */
  onConnectionState(state: string): void {
    const { phase } = this.call;
    if (state === 'connected') this.#core.machine.send({ kind: 'connected' });
    if (state === 'failed' && (phase === 'active' || phase === 'connecting')) void this.hangUp('ice_failed');
  }

  // ---- server events ----
  onSession(session: SessionEvent): void {
    this.#server.onSession(session);
    this.#recording.flushPending();
  }
  onIncoming(incoming: CallIncoming): void {
    this.#server.onIncoming(incoming);
  }
  onAccepted(callId: string, sdp: string): void {
    this.#server.onAccepted(callId, sdp);
  }
  onRemoteSignal(signal: LocalSignal & { callId: string }): void {
    this.#server.onRemoteSignal(signal);
  }
  onRemoteMedia(callId: string, audio: boolean, video: boolean): void {
    this.#server.onRemoteMedia(callId, audio, video);
  }
  onEnded(callId: string, reason: LocalEndReason): void {
    this.#server.onEnded(callId, reason);
  }
}
