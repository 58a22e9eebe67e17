/**
 * The call session layer: turns user actions and server events into state machine events and
 * drives the media layer (offscreen document) and the UI placement from each transition.
 */
import type { CallIncoming, CallView, MediaKind, SessionEvent, User } from '../../../protocol';
import type { CallSnapshot, LocalEndReason } from '../../lib/call-state';
import type { Logger } from '../../lib/log';
import type { DeviceChoice, LocalSignal, Result } from '../../lib/messages';
import type { ApiClient } from './api-client';
import { clearIncomingNotification, showIncomingNotification } from './call-alerts';
import { CallMachine } from './call-machine';
import { askOffscreen, tellOffscreen } from './offscreen-document';
import { OverlayPlacement } from './overlay-placement';
import type { TrustedFrames } from './trusted-frames';
import { saveSessionState } from './persisted-state';
import type { Signaling } from './signaling';
import { inviteErrorReason, mapAckFailure } from './end-reasons';

const endedDisplayMs = 4_000;
const ringGraceMs = 5_000;
const outgoingRingLimitMs = 60_000;
const connectingLimitMs = 30_000;
const qualitySummaryWaitMs = 300;

export interface CallControllerDeps {
  log: Logger;
  signaling: () => Signaling | null;
  api: () => ApiClient | null;
  devices: () => DeviceChoice;
  onCallChange: (call: CallSnapshot) => void;
  onMissedCall: () => void;
  trustedFrames: TrustedFrames;
  signal: AbortSignal;
}

export class CallController {
  readonly machine: CallMachine;
  readonly placement: OverlayPlacement;
  /** Offer of the incoming call being rung; offers of other ringing calls, kept for glare. */
  #offer: CallIncoming | null = null;
  #ringingOffers = new Map<string, CallIncoming>();
  #signalingOpen = false;
  #pendingLocalSignals: LocalSignal[] = [];
  #phaseTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: CallControllerDeps) {
    this.machine = new CallMachine(deps.log, (call, previous) => this.#onTransition(call, previous));
    this.placement = new OverlayPlacement(
      () => this.machine.call.phase !== 'idle',
      deps.trustedFrames,
      deps.log,
      deps.signal,
    );
    deps.signal.addEventListener('abort', () => clearTimeout(this.#phaseTimer));
  }

  get call(): CallSnapshot {
    return this.machine.call;
  }

  /** Restore the call a previous worker instance left in chrome.storage.session. */
  restore(call: CallSnapshot, offer: CallIncoming | null, signalingOpen: boolean): void {
    this.#offer = offer;
    this.#signalingOpen = signalingOpen;
    if (call.phase === 'idle') return;
    if (call.phase === 'ended' || (call.phase === 'outgoing' && !call.callId)) {
      this.machine.send({
        kind: 'restore',
        snapshot: { ...call, phase: 'ended', endReason: call.endReason ?? 'failed' },
      });
      return;
    }
    this.machine.send({ kind: 'restore', snapshot: call });
  }

  /** The user clicked Audio/Video call in the popup. */
  async startCall(peer: User, media: MediaKind): Promise<Result> {
    const signaling = this.deps.signaling();
    const api = this.deps.api();
    if (!signaling || !api) return { ok: false, error: 'offline' };
    if (this.call.phase === 'incoming' && this.call.peer?.id === peer.id) return this.acceptCall(false);
    if (!this.machine.send({ kind: 'dial', peer, media })) return { ok: false, error: 'already_in_call' };
    const setup = await this.#mediaSetup(media);
    const offer = await tellOffscreen({ type: 'offscreen:create-offer', ...setup });
    if (!this.#isDialing(peer)) return { ok: true };
    if (!offer.ok) return this.#failMedia(null);
    this.machine.send({ kind: 'media-ready' });
    const ack = await signaling.emit('call:invite', { to: peer.id, media, sdp: offer.sdp });
    if (ack.ok) {
      if (!this.#isDialing(peer)) {
        // Cancelled while the invite was on its way: cancel it on the server too.
        await signaling.emit('call:hangup', { callId: ack.callId, reason: 'hangup' });
        return { ok: true };
      }
      this.machine.send({ kind: 'invited', callId: ack.callId });
      this.#openSignaling();
      return { ok: true };
    }
    this.deps.log.warn('call:invite refused', { code: ack.error.code, message: ack.error.message });
    if (ack.error.code === 'glare' && ack.error.callId) return this.#adoptGlare(ack.error.callId);
    if (this.#isDialing(peer)) this.machine.send({ kind: 'end', reason: inviteErrorReason(ack.error.code) });
    return { ok: false, error: ack.error.code };
  }

  /** Accept the ringing call (only ever called for extension-origin senders, notifications, commands). */
  async acceptCall(audioOnly: boolean): Promise<Result> {
    const offer = this.#offer;
    const callId = this.call.callId;
    if (this.call.phase !== 'incoming' || !offer || offer.callId !== callId)
      return { ok: false, error: 'not_ringing' };
    this.machine.send({ kind: 'accept', audioOnly });
    return this.#answer(offer, audioOnly);
  }

  async #answer(offer: CallIncoming, audioOnly: boolean): Promise<Result> {
    const signaling = this.deps.signaling();
    if (!signaling) return this.#end('failed');
    void askOffscreen({ type: 'offscreen:ringtone', playing: false });
    const setup = await this.#mediaSetup(offer.media);
    const answer = await tellOffscreen({
      type: 'offscreen:create-answer',
      ...setup,
      offerSdp: offer.sdp,
      audioOnly,
    });
    if (this.call.callId !== offer.callId || this.call.phase !== 'connecting') return { ok: true };
    if (!answer.ok) return this.#failMedia(offer.callId);
    this.machine.send({ kind: 'media-ready' });
    const ack = await signaling.emit('call:accept', { callId: offer.callId, sdp: answer.sdp });
    if (!ack.ok) return this.#endIfCurrent(offer.callId, mapAckFailure(ack.error.code));
    this.#openSignaling();
    if (audioOnly && offer.media === 'video') {
      await signaling.emit('call:media', { callId: offer.callId, audio: this.call.localAudio, video: false });
    }
    return { ok: true };
  }

  /** Decline the ringing call. */
  async declineCall(): Promise<Result> {
    const callId = this.call.callId;
    if (this.call.phase !== 'incoming' || !callId) return { ok: false, error: 'not_ringing' };
    this.machine.send({ kind: 'end', reason: 'declined' });
    await this.deps.signaling()?.emit('call:reject', { callId });
    return { ok: true };
  }

  /** Hang up, cancel or decline, whichever fits the phase. */
  async hangUp(reason: 'hangup' | 'media_failed' | 'ice_failed' = 'hangup'): Promise<Result> {
    const { phase, callId } = this.call;
    if (phase === 'incoming') return this.declineCall();
    if (phase !== 'outgoing' && phase !== 'connecting' && phase !== 'active')
      return { ok: false, error: 'no_call' };
    // Read before the end tears the offscreen document down (issue 6.2: stored with the call).
    const quality = phase === 'active' ? await this.#qualitySummary() : undefined;
    if (this.call.phase !== phase || this.call.callId !== callId) return { ok: true };
    this.machine.send({
      kind: 'end',
      reason: reason === 'hangup' ? (phase === 'outgoing' ? 'cancelled' : 'hangup') : reason,
    });
    if (callId) await this.deps.signaling()?.emit('call:hangup', { callId, reason, quality });
    return { ok: true };
  }

  /** The offscreen document's quality summary, if it answers quickly (never holds up a hang up). */
  async #qualitySummary() {
    const answer = await Promise.race([
      askOffscreen({ type: 'offscreen:quality-summary' }),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), qualitySummaryWaitMs)),
    ]);
    return answer?.ok ? (answer.summary ?? undefined) : undefined;
  }

  /** Mute / camera toggle: tell the offscreen document and the peer. */
  async setLocalMedia(audio: boolean, video: boolean): Promise<Result> {
    if (!this.machine.send({ kind: 'local-media', audio, video })) return { ok: false, error: 'no_call' };
    const applied = await askOffscreen({ type: 'offscreen:set-media', audio, video });
    if (video && applied && !applied.ok) {
      // Turning the camera on mid-call (an upgrade to video) failed: stay on audio.
      video = false;
      this.machine.send({ kind: 'local-media', audio, video });
    }
    const callId = this.call.callId;
    if (callId && this.#signalingOpen)
      await this.deps.signaling()?.emit('call:media', { callId, audio, video });
    return { ok: true };
  }

  /** Devices picked in the popup mid-call: replaceTrack in the offscreen document, no renegotiation. */
  async switchDevices(previous: DeviceChoice, next: DeviceChoice): Promise<void> {
    if (this.call.phase !== 'connecting' && this.call.phase !== 'active') return;
    const changes = [
      ['audio', previous.microphoneId, next.microphoneId],
      ['video', previous.cameraId, next.cameraId],
      ['speaker', previous.speakerId, next.speakerId],
    ] as const;
    for (const [kind, before, after] of changes) {
      if (before === after) continue;
      const answer = await askOffscreen({ type: 'offscreen:switch-device', kind, deviceId: after });
      const outcome = answer?.ok ? 'ok' : (answer?.error ?? 'no media');
      this.deps.log.info(`device switched mid-call: ${kind} -> ${after || 'default'} (${outcome})`);
    }
  }

  /** A local ICE candidate or renegotiation description from the offscreen document. */
  async sendLocalSignal(signal: LocalSignal): Promise<void> {
    const callId = this.call.callId;
    if (signal.description)
      this.deps.log.info('renegotiation sent', { type: signal.description.type, callId });
    if (!callId || !this.#signalingOpen) {
      this.#pendingLocalSignals.push(signal);
      return;
    }
    const ack = await this.deps.signaling()?.emit('call:signal', { callId, ...signal });
    if (ack && !ack.ok) this.deps.log.warn('call:signal refused', { code: ack.error.code });
  }

  /** The peer connection's state, reported by the offscreen document. */
  onConnectionState(state: string): void {
    if (state === 'connected') this.machine.send({ kind: 'connected' });
    if (state === 'failed' && (this.call.phase === 'active' || this.call.phase === 'connecting'))
      void this.hangUp('ice_failed');
  }

  // ---- server events ----

  onSession(session: SessionEvent): void {
    const mine = session.calls.find((view) => view.callId === this.call.callId);
    const live = ['outgoing', 'incoming', 'connecting', 'active'].includes(this.call.phase);
    if (live && this.call.callId && !mine) {
      // The call ended while this device was away: the server ends a lost device's calls as peer_lost.
      this.#end(this.call.phase === 'incoming' ? 'cancelled' : 'peer_lost');
    }
    if (mine?.state === 'active' && this.call.phase === 'outgoing') this.machine.send({ kind: 'answered' });
    const ringing = session.calls.find(
      (view) => view.direction === 'incoming' && view.state === 'ringing' && view.sdp,
    );
    if (ringing && (this.call.phase === 'idle' || this.call.phase === 'ended'))
      this.onIncoming(viewToIncoming(ringing));
  }

  onIncoming(incoming: CallIncoming): void {
    this.#ringingOffers.set(incoming.callId, incoming);
    if (
      !this.machine.send({
        kind: 'ring',
        callId: incoming.callId,
        peer: incoming.from,
        media: incoming.media,
      })
    )
      return;
    this.#offer = incoming;
    this.#signalingOpen = false;
    this.#persist();
    void tellOffscreen({ type: 'offscreen:ringtone', playing: true });
    const untilExpiry = Date.parse(incoming.expiresAt) - Date.now();
    this.#armPhaseTimer(
      Number.isFinite(untilExpiry) ? untilExpiry + ringGraceMs : outgoingRingLimitMs,
      'timeout',
    );
  }

  onAccepted(callId: string, sdp: string): void {
    if (this.call.callId !== callId || !this.machine.send({ kind: 'answered' })) return;
    void askOffscreen({ type: 'offscreen:remote-signal', description: { type: 'answer', sdp } });
  }

  onRemoteSignal(signal: LocalSignal & { callId: string }): void {
    if (signal.callId !== this.call.callId) return;
    if (signal.description) this.deps.log.info('renegotiation received', { type: signal.description.type });
    void askOffscreen({
      type: 'offscreen:remote-signal',
      candidate: signal.candidate,
      description: signal.description,
    });
  }

  onRemoteMedia(callId: string, audio: boolean, video: boolean): void {
    if (callId === this.call.callId) this.machine.send({ kind: 'remote-media', audio, video });
  }

  onEnded(callId: string, reason: LocalEndReason): void {
    this.#ringingOffers.delete(callId);
    if (callId !== this.call.callId) return;
    if (this.call.phase === 'incoming' && reason === 'timeout') this.deps.onMissedCall();
    this.#end(reason);
  }

  // ---- internals ----

  async #adoptGlare(callId: string): Promise<Result> {
    const offer = this.#ringingOffers.get(callId);
    await askOffscreen({ type: 'offscreen:stop' });
    if (!offer) return this.#end('failed');
    this.deps.log.info('glare: accepting the call already ringing', { callId });
    this.#offer = offer;
    this.machine.send({ kind: 'adopt-glare', callId, peer: offer.from, media: offer.media });
    return this.#answer(offer, false);
  }

  #isDialing(peer: User): boolean {
    return this.call.phase === 'outgoing' && this.call.peer?.id === peer.id && !this.call.callId;
  }

  async #mediaSetup(media: MediaKind) {
    const ice = await this.deps
      .api()
      ?.iceServers()
      .catch(() => null);
    return {
      media,
      iceServers: ice?.iceServers ?? [],
      iceTransportPolicy: ice?.iceTransportPolicy ?? 'all',
      devices: this.deps.devices(),
    };
  }

  async #failMedia(callId: string | null): Promise<Result> {
    this.#end('media_failed');
    if (callId) await this.deps.signaling()?.emit('call:hangup', { callId, reason: 'media_failed' });
    return { ok: false, error: 'media_failed' };
  }

  #endIfCurrent(callId: string, reason: LocalEndReason): Result {
    if (this.call.callId === callId) this.#end(reason);
    return { ok: false, error: reason };
  }

  #end(reason: LocalEndReason): Result {
    this.machine.send({ kind: 'end', reason });
    return { ok: false, error: reason };
  }

  #openSignaling(): void {
    this.#signalingOpen = true;
    this.#persist();
    const queued = this.#pendingLocalSignals.splice(0);
    for (const signal of queued) void this.sendLocalSignal(signal);
  }

  #armPhaseTimer(ms: number, reason: LocalEndReason): void {
    clearTimeout(this.#phaseTimer);
    const { callId, phase } = this.call;
    this.#phaseTimer = setTimeout(() => {
      if (this.call.phase !== phase || this.call.callId !== callId) return;
      this.deps.log.warn('phase timed out', { phase, callId });
      if (phase === 'incoming') this.deps.onMissedCall();
      if (phase === 'incoming') this.#end(reason);
      else void this.hangUp(reason === 'ice_failed' ? 'ice_failed' : 'hangup');
    }, ms);
  }

  #onTransition(call: CallSnapshot, previous: CallSnapshot): void {
    this.#persist();
    this.deps.onCallChange(call);
    if (call.phase === previous.phase) return;
    if (call.phase !== 'incoming') void clearIncomingNotification();
    if (call.phase === 'outgoing') this.#armPhaseTimer(outgoingRingLimitMs, 'timeout');
    if (call.phase === 'connecting') this.#armPhaseTimer(connectingLimitMs, 'ice_failed');
    if (call.phase === 'active') clearTimeout(this.#phaseTimer);
    if (previous.phase === 'idle' || previous.phase === 'ended') void this.#placeForRinging(call);
    if (call.phase === 'ended') this.#tearDown(call);
    if (call.phase === 'idle') void this.placement.remove();
  }

  async #placeForRinging(call: CallSnapshot): Promise<void> {
    await this.placement.place();
    if (call.phase === 'incoming' && !this.placement.shownInPage) await showIncomingNotification(call);
  }

  #tearDown(call: CallSnapshot): void {
    clearTimeout(this.#phaseTimer);
    this.#offer = null;
    this.#signalingOpen = false;
    this.#pendingLocalSignals = [];
    // The document stays open while signed in (it wakes a stopped worker, and saves its start-up on
    // the next call: T2); `offscreen:stop` releases the camera, microphone and peer connection.
    void askOffscreen({ type: 'offscreen:stop' });
    this.#phaseTimer = setTimeout(() => {
      if (this.call.phase === 'ended' && this.call.callId === call.callId)
        this.machine.send({ kind: 'clear' });
    }, endedDisplayMs);
  }

  #persist(): void {
    void saveSessionState(this.call, this.#offer, this.#signalingOpen);
  }
}

function viewToIncoming(view: CallView): CallIncoming {
  return {
    callId: view.callId,
    from: view.peer,
    media: view.media,
    sdp: view.sdp ?? '',
    expiresAt: view.expiresAt ?? new Date(Date.now() + 30_000).toISOString(),
  };
}
