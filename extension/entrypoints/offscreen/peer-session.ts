/**
 * The RTCPeerConnection to the peer: trickle ICE with remote candidates queued until the remote
 * description is set, and perfect negotiation (the caller is impolite, the callee polite).
 */
import type { IceCandidate, IceServer, SessionDescription } from '../../../protocol';
import type { LocalSignal } from '../../lib/messages';
import type { Logger } from '../../lib/log';
import { lifetimes } from '../../lib/lifetimes';
import { preferRedForAudio, withOpusFecDtx } from './opus-settings';

export interface PeerSessionOptions {
  iceServers: IceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  polite: boolean;
  onSignal: (signal: LocalSignal) => void;
  onConnectionState: (state: RTCPeerConnectionState) => void;
  onRemoteTrack: (track: MediaStreamTrack) => void;
  /** A video transceiver of our offer, before the offer is made (the frame forwarder's moment). */
  onVideoReceiver?: (receiver: RTCRtpReceiver) => void;
  log: Logger;
}

export class PeerSession {
  readonly pc: RTCPeerConnection;
  #makingOffer = false;
  #ignoreOffer = false;
  #negotiated = false;
  #queuedCandidates: (IceCandidate | null)[] = [];
  /** Local candidates held while a renegotiation's description is on its way (null: send at once). */
  #heldCandidates: LocalSignal[] | null = null;
  /** The answer made while ringing (issue 12), for the kinds it sends; handed over on Accept. */
  #earlyAnswer: Promise<{ kinds: string; sdp: string } | null> | null = null;

  constructor(private readonly options: PeerSessionOptions) {
    this.pc = new RTCPeerConnection({
      iceServers: options.iceServers as RTCIceServer[],
      iceTransportPolicy: options.iceTransportPolicy,
    });
    this.pc.onicecandidate = ({ candidate }) => {
      const signal = { candidate: candidate ? candidate.toJSON() : null };
      // Candidates of a renegotiation must not reach the peer before their description does.
      if (this.#heldCandidates) this.#heldCandidates.push(signal);
      else options.onSignal(signal);
    };
    this.pc.ontrack = ({ track }) => options.onRemoteTrack(track);
    this.pc.onconnectionstatechange = () => {
      options.log.info('peer connection state', { state: this.pc.connectionState });
      if (this.pc.connectionState === 'failed' && !options.polite) this.#restartIceUntilConnected();
      options.onConnectionState(this.pc.connectionState);
    };
    this.pc.oniceconnectionstatechange = () => {
      // The impolite side restarts ICE (the offer travels through call:signal) and keeps retrying
      // while the network is away; the worker gives up only after a longer failure.
      if (this.pc.iceConnectionState === 'failed' && !options.polite) this.#restartIceUntilConnected();
    };
    this.pc.onnegotiationneeded = () => void this.#renegotiate();
  }

  /**
   * Caller: the offer sent with call:invite, made from bare transceivers before the camera is up
   * (issue 12); `attachCapture` puts the tracks on them when capture is ready.
   */
  async createOffer(kinds: readonly ('audio' | 'video')[]): Promise<string> {
    const stream = new MediaStream();
    for (const kind of kinds) {
      const transceiver = this.pc.addTransceiver(kind, { direction: 'sendrecv', streams: [stream] });
      if (kind === 'video') this.options.onVideoReceiver?.(transceiver.receiver);
    }
    preferRedForAudio(this.pc);
    this.#makingOffer = true;
    try {
      await this.pc.setLocalDescription(await this.pc.createOffer());
    } finally {
      this.#makingOffer = false;
    }
    return this.pc.localDescription?.sdp ?? '';
  }

  /**
   * Callee: apply the offer. Safe while ringing: it gathers nothing and sends nothing (candidates
   * are gathered only once the answer is set: `answerEarly`, or on Accept).
   */
  async prepareAnswer(offerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: withOpusFecDtx(offerSdp) });
    await this.#flushCandidates();
  }

  /**
   * Callee, while ringing: make the answer for `sendKinds` now, so candidates gather while it rings.
   * Every candidate is held here until Accept (`createAnswer`), so nothing about this side leaves
   * before it; the server holds the caller's candidates until Accept too, so no connectivity check
   * runs either. The session counts as negotiated only from Accept (no renegotiation while ringing).
   */
  async answerEarly(sendKinds: readonly string[]): Promise<void> {
    this.#heldCandidates ??= [];
    const kinds = sendKinds.join();
    this.#earlyAnswer = this.#makeAnswer(sendKinds).then(
      (sdp) => ({ kinds, sdp }),
      () => null, // made on Accept instead, on a new session (canAnswer)
    );
    await this.#earlyAnswer;
  }

  /**
   * Whether Accept sending `sendKinds` can answer on this session: no early answer, or one for
   * these kinds (an answer sends what it sends).
   */
  async canAnswer(sendKinds: readonly string[]): Promise<boolean> {
    if (!this.#earlyAnswer) return true;
    return (await this.#earlyAnswer)?.kinds === sendKinds.join();
  }

  /** Callee, on Accept: answer at once (sending `sendKinds`); the tracks follow with `attachCapture`. */
  async createAnswer(sendKinds: readonly string[]): Promise<string> {
    const early = await this.#earlyAnswer;
    this.#earlyAnswer = null;
    if (early && early.kinds !== sendKinds.join()) throw new Error('answered early for other kinds');
    const sdp = early?.sdp ?? (await this.#makeAnswer(sendKinds));
    this.#negotiated = true;
    this.#releaseCandidates();
    return sdp;
  }

  async #makeAnswer(sendKinds: readonly string[]): Promise<string> {
    const stream = new MediaStream();
    for (const transceiver of this.pc.getTransceivers()) {
      if (sendKinds.includes(transceiver.receiver.track.kind)) {
        transceiver.sender.setStreams(stream);
        transceiver.direction = 'sendrecv';
      } else {
        transceiver.direction = 'recvonly';
      }
    }
    preferRedForAudio(this.pc);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.pc.localDescription?.sdp ?? '';
  }

  /** A description or candidate from the peer (call:accepted or call:signal). */
  async applyRemote(signal: {
    description?: SessionDescription;
    candidate?: IceCandidate | null;
  }): Promise<void> {
    if (signal.description) await this.#applyDescription(signal.description);
    if (signal.candidate !== undefined) {
      if (!this.pc.remoteDescription) this.#queuedCandidates.push(signal.candidate);
      else await this.#addCandidate(signal.candidate);
    }
  }

  #restartTimer: ReturnType<typeof setInterval> | undefined;

  #restartIceUntilConnected(): void {
    if (this.#restartTimer !== undefined) return;
    const attempt = () => {
      if (
        this.pc.connectionState === 'closed' ||
        this.pc.iceConnectionState === 'connected' ||
        this.pc.iceConnectionState === 'completed'
      ) {
        clearInterval(this.#restartTimer);
        this.#restartTimer = undefined;
        return;
      }
      this.options.log.info('ICE restart', { iceConnectionState: this.pc.iceConnectionState });
      this.pc.restartIce();
    };
    attempt();
    this.#restartTimer = setInterval(attempt, lifetimes.iceRestartRetryMs);
  }

  close(): void {
    clearInterval(this.#restartTimer);
    this.pc.onicecandidate =
      this.pc.ontrack =
      this.pc.onconnectionstatechange =
      this.pc.onnegotiationneeded =
        null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
  }

  async #applyDescription(description: SessionDescription): Promise<void> {
    const collision =
      description.type === 'offer' && (this.#makingOffer || this.pc.signalingState !== 'stable');
    this.#ignoreOffer = !this.options.polite && collision;
    if (this.#ignoreOffer) {
      this.options.log.info('glare in renegotiation: impolite side ignores the offer');
      return;
    }
    // Our sender follows the peer's fmtp: FEC and DTX on (opus-settings.ts).
    await this.pc.setRemoteDescription({ type: description.type, sdp: withOpusFecDtx(description.sdp) });
    await this.#flushCandidates();
    this.#negotiated = true;
    if (description.type === 'offer') {
      this.#heldCandidates ??= [];
      try {
        await this.pc.setLocalDescription();
        const local = this.pc.localDescription;
        if (local) this.options.onSignal({ description: { type: 'answer', sdp: local.sdp } });
      } finally {
        this.#releaseCandidates();
      }
    }
  }

  #releaseCandidates(): void {
    const held = this.#heldCandidates ?? [];
    this.#heldCandidates = null;
    for (const signal of held) this.options.onSignal(signal);
  }

  async #renegotiate(): Promise<void> {
    // The first offer/answer travels in call:invite / call:accept, not here.
    if (!this.#negotiated) return;
    try {
      this.#makingOffer = true;
      this.#heldCandidates ??= [];
      await this.pc.setLocalDescription();
      const local = this.pc.localDescription;
      if (local && local.type === 'offer')
        this.options.onSignal({ description: { type: 'offer', sdp: local.sdp } });
    } catch (error) {
      this.options.log.warn('renegotiation failed', { error: String(error) });
    } finally {
      this.#makingOffer = false;
      this.#releaseCandidates();
    }
  }

  async #flushCandidates(): Promise<void> {
    const queued = this.#queuedCandidates.splice(0);
    for (const candidate of queued) await this.#addCandidate(candidate);
  }

  async #addCandidate(candidate: IceCandidate | null): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate ?? undefined);
    } catch (error) {
      if (!this.#ignoreOffer) this.options.log.warn('addIceCandidate failed', { error: String(error) });
    }
  }
}

/** What an answer sends: audio, and video in a video call the callee accepts with video. */
export function sendKinds(media: 'audio' | 'video', audioOnly: boolean | undefined): ('audio' | 'video')[] {
  return media === 'video' && !audioOnly ? ['audio', 'video'] : ['audio'];
}
