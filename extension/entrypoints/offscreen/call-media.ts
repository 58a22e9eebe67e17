/**
 * The media of the current call: local capture, the peer session, remote audio playback and the
 * video relay. `stop()` releases every track and closes the connection, on every kind of end.
 */
import type { MessageOf, Result } from '../../lib/messages';
import { sendMessage } from '../../lib/messages';
import type { Logger } from '../../lib/log';
import { readCallStats } from './call-stats';
import { captureLocalMedia, releaseStream } from './local-media';
import { PeerSession } from './peer-session';
import type { VideoRelay } from './video-relay';

type Setup = Omit<MessageOf<'offscreen:create-offer'>, 'type'>;
/** How long ICE restarts may try before the worker hangs up with ice_failed. */
const failedStateGraceMs = 30_000;
/** Reporting the state this often also wakes a worker Chrome stopped, well within the server's reconnect grace. */
const heartbeatMs = 5_000;

export class CallMedia {
  #local: MediaStream | null = null;
  #session: PeerSession | null = null;
  #failedTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly relay: VideoRelay,
    private readonly audio: HTMLAudioElement,
    private readonly log: Logger,
  ) {}

  get peerConnection(): RTCPeerConnection | null {
    return this.#session?.pc ?? null;
  }

  async createOffer(setup: Setup): Promise<Result<{ sdp: string }>> {
    const stream = await this.#capture(setup, true);
    if (!stream) return { ok: false, error: 'media_failed' };
    const sdp = await this.#openSession(setup, false).createOffer(stream);
    return { ok: true, sdp };
  }

  async createAnswer(setup: MessageOf<'offscreen:create-answer'>): Promise<Result<{ sdp: string }>> {
    const stream = await this.#capture(setup, !setup.audioOnly);
    if (!stream) return { ok: false, error: 'media_failed' };
    const sdp = await this.#openSession(setup, true).createAnswer(setup.offerSdp, stream);
    return { ok: true, sdp };
  }

  async applyRemote(signal: MessageOf<'offscreen:remote-signal'>): Promise<void> {
    await this.#session?.applyRemote(signal);
  }

  /** Mute and camera toggles: disabled tracks send silence / black frames. */
  setSending(audio: boolean, video: boolean): void {
    for (const track of this.#local?.getAudioTracks() ?? []) track.enabled = audio;
    for (const track of this.#local?.getVideoTracks() ?? []) track.enabled = video;
  }

  async stats() {
    return this.#session ? readCallStats(this.#session.pc) : null;
  }

  stop(): void {
    clearTimeout(this.#failedTimer);
    this.#failedTimer = undefined;
    clearInterval(this.#heartbeat);
    this.#session?.close();
    this.#session = null;
    releaseStream(this.#local);
    this.#local = null;
    this.relay.setTracks(null, null);
    this.relay.closeAll();
    this.audio.srcObject = null;
    this.log.info('call media released');
  }

  async #capture(setup: Setup, sendVideo: boolean): Promise<MediaStream | null> {
    this.stop();
    try {
      this.#local = await captureLocalMedia(setup.media, sendVideo, setup.devices);
    } catch (error) {
      this.log.warn('getUserMedia failed', { error: String(error) });
      return null;
    }
    if (setup.devices.speakerId) await this.audio.setSinkId(setup.devices.speakerId).catch(() => undefined);
    this.relay.setTracks(null, this.#local.getVideoTracks()[0] ?? null);
    return this.#local;
  }

  #openSession(setup: Setup, polite: boolean): PeerSession {
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      const state = this.#session?.pc.connectionState;
      if (state && state !== 'failed') void sendMessage({ type: 'offscreen:connection', state });
    }, heartbeatMs);
    const remoteAudio = new MediaStream();
    this.#session = new PeerSession({
      iceServers: setup.iceServers,
      iceTransportPolicy: setup.iceTransportPolicy,
      polite,
      log: this.log,
      onSignal: (signal) => void sendMessage({ type: 'offscreen:local-signal', ...signal }),
      onConnectionState: (state) => this.#reportState(state),
      onRemoteTrack: (track) => {
        if (track.kind === 'audio') {
          remoteAudio.addTrack(track);
          this.audio.srcObject = remoteAudio;
          void this.audio
            .play()
            .catch((error) => this.log.warn('remote audio blocked', { error: String(error) }));
        } else {
          this.relay.setTracks(track, this.#local?.getVideoTracks()[0] ?? null);
        }
      },
    });
    return this.#session;
  }

  #reportState(state: RTCPeerConnectionState): void {
    if (state === 'connected') {
      clearTimeout(this.#failedTimer);
      this.#failedTimer = undefined;
    }
    if (state === 'failed') {
      // ICE restarts get a while to recover (they may bounce through other states) before the
      // worker hangs up with ice_failed; the timer is not reset until the connection is back.
      this.#failedTimer ??= setTimeout(
        () => void sendMessage({ type: 'offscreen:connection', state: 'failed' }),
        failedStateGraceMs,
      );
      return;
    }
    void sendMessage({ type: 'offscreen:connection', state });
  }
}
