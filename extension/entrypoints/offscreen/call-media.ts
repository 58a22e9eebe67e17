/**
 * The media of the current call: local capture (local-capture.ts, with its mid-call controls), the
 * peer session and its state reports (connection-reporter.ts), remote audio playback and the video
 * relay. `stop()` releases every track and closes the connection, on every kind of end.
 */
import type { LocalSignal, MessageOf, Result } from '../../lib/messages';
import { sendMessage } from '../../lib/messages';
import type { Logger } from '../../lib/log';
import { lifetimes } from '../../lib/lifetimes';
import type { CallQualitySummary } from '../../lib/call-quality';
import { CallDetailsReporter } from './call-details';
import { ConnectionReporter } from './connection-reporter';
import { readCallStats } from './call-stats';
import { LocalCapture } from './local-capture';
import { PeerSession, sendKinds } from './peer-session';
import { carriesMicrophone, remoteCameraTrack } from './screen-share';
import type { VideoRelay } from './video-relay';
import type { RecordingTracks } from './call-recorder';
import type { AudioProcessing } from '../../lib/audio-processing';

type Setup = Omit<MessageOf<'offscreen:create-offer'>, 'type'>;
type AnswerSetup = Omit<MessageOf<'offscreen:prepare-answer'>, 'type'>;

export class CallMedia {
  readonly #capture: LocalCapture;
  #session: PeerSession | null = null;
  #details: CallDetailsReporter | null = null;
  #remoteVideo: MediaStreamTrack | null = null;
  /** The offer a ringing call's session was prepared for (set while ringing, issue 12). */
  #preparedOffer: { sdp: string; ready: Promise<void> } | null = null;
  /** Until the ringing callee makes its answer (issue 12). */
  #earlyAnswerTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped whenever the call's media are released: a capture that finishes late is dropped. */
  #generation = 0;
  readonly #connection = new ConnectionReporter();

  constructor(
    private readonly relay: VideoRelay,
    private readonly audio: HTMLAudioElement,
    private readonly log: Logger,
  ) {
    this.#capture = new LocalCapture(
      {
        peer: () => this.#session?.pc ?? null,
        showLocalVideo: (track) => this.relay.setTracks(this.#remoteVideo, track),
        onDeviceFallback: (kind) => this.#details?.patch({ deviceFallback: kind }),
      },
      log,
    );
  }

  get peerConnection(): RTCPeerConnection | null {
    return this.#session?.pc ?? null;
  }

  /** Caller: the offer leaves at once; the camera and microphone start beside it (issue 12). */
  async createOffer(setup: Setup): Promise<Result<{ sdp: string }>> {
    this.#release();
    const session = this.#openSession(setup, false);
    this.#startCapture(setup, session, true);
    const sdp = await session.createOffer(setup.media === 'video' ? ['audio', 'video'] : ['audio']);
    return { ok: true, sdp };
  }

  /**
   * Callee, while ringing: a session with the offer applied and (`early`) the answer made for an
   * Accept that sends every offered kind, its candidates gathering but held in the session. Nothing
   * leaves: no capture, no candidate, no signal. Accept with audio only in a video call answers on
   * a new session.
   */
  async prepareAnswer(setup: AnswerSetup, early = true): Promise<Result> {
    this.#release();
    const session = this.#openSession(setup, true);
    const ready = session.prepareAnswer(setup.offerSdp);
    this.#preparedOffer = { sdp: setup.offerSdp, ready };
    // Ringing: Accept will start the camera and microphone; their services are started meanwhile.
    if (early) this.#capture.warmUp(lifetimes.earlyAnswerDelayMs);
    if (early)
      // Not at once: it would compete with the ringing overlay's boot for the same cores. An Accept
      // before then answers at once (and cancels this).
      this.#earlyAnswerTimer = setTimeout(() => {
        if (this.#session !== session) return;
        void ready.then(() => session.answerEarly(sendKinds(setup.media, false))).catch(() => undefined);
      }, lifetimes.earlyAnswerDelayMs);
    const generation = this.#generation;
    try {
      await ready;
      return { ok: true };
    } catch (error) {
      this.log.warn('offer could not be applied', { error: String(error) });
      // Only this call's session: a stop and a new call may have come meanwhile.
      if (generation === this.#generation) this.#release();
      return { ok: false, error: 'media_failed' };
    }
  }

  /** Callee, on Accept: answer at once, capture attached when it is ready. */
  async createAnswer(setup: MessageOf<'offscreen:create-answer'>): Promise<Result<{ sdp: string }>> {
    clearTimeout(this.#earlyAnswerTimer);
    const prepared = this.#preparedOffer?.sdp === setup.offerSdp ? this.#preparedOffer : null;
    this.#preparedOffer = null;
    const kinds = sendKinds(setup.media, setup.audioOnly);
    await prepared?.ready.catch(() => undefined);
    if (!prepared || !(await this.#session?.canAnswer(kinds))) {
      const made = await this.prepareAnswer(setup, false);
      if (!made.ok) return made;
    }
    const session = this.#session;
    if (!session) return { ok: false, error: 'media_failed' };
    this.#startCapture(setup, session, !setup.audioOnly);
    const sdp = await session.createAnswer(kinds);
    return { ok: true, sdp };
  }

  /** Whether this call's capture started (false: the grant is missing or a device failed). */
  captureReady(): Promise<boolean> {
    return this.#capture.captureReady();
  }

  async applyRemote(signal: LocalSignal): Promise<void> {
    await this.#session?.applyRemote(signal);
  }

  /** Mute and camera toggles: disabled tracks send silence / black frames. */
  setSending(audio: boolean, video: boolean): Promise<boolean> {
    return this.#capture.setSending(audio, video);
  }

  /** The peer's camera: the video received on any transceiver but its screen share's (issue 14). */
  showRemoteCamera(exceptMid: string | null): void {
    const pc = this.#session?.pc;
    if (!pc) return;
    const camera = remoteCameraTrack(pc, exceptMid);
    if (camera !== this.#remoteVideo) this.#showRemoteVideo(camera);
  }

  /** Issue 15: the tracks a recording mixes and draws, as they are now. */
  recordingTracks(): RecordingTracks {
    const remote = this.audio.srcObject instanceof MediaStream ? this.audio.srcObject : null;
    return {
      localAudio: this.#capture.microphoneTrack,
      remoteAudio: remote?.getAudioTracks()[0] ?? null,
      localVideo: this.#capture.cameraTrack,
      remoteVideo: this.#remoteVideo,
    };
  }

  async stats() {
    return this.#session ? readCallStats(this.#session.pc) : null;
  }

  /** Duration, average RTT and loss of the call so far (sent with call:hangup). */
  qualitySummary(): CallQualitySummary | null {
    return this.#details?.summary() ?? null;
  }

  /** Switch microphone or camera mid-call with replaceTrack: no renegotiation. '' = the default device. */
  async switchDevice(kind: 'audio' | 'video' | 'speaker', deviceId: string): Promise<boolean> {
    if (kind === 'speaker')
      return this.audio.setSinkId(deviceId).then(
        () => true,
        () => false,
      );
    return this.#capture.switchDevice(kind, deviceId);
  }

  /** Microphone processing changed mid-call (popup settings): applied live, remembered for the call. */
  setAudioProcessing(processing: AudioProcessing): Promise<AudioProcessing | null> {
    return this.#capture.setAudioProcessing(processing);
  }

  stop(): void {
    this.#release();
    this.relay.closeAll();
    this.log.info('call media released');
  }

  /**
   * Release the call's media: every track, the connection, the timers. The overlay's video relays
   * stay (a ringing overlay opens its relay before Accept); `stop()` closes them at the call's end.
   */
  #release(): void {
    this.#generation++;
    this.#preparedOffer = null;
    clearTimeout(this.#earlyAnswerTimer);
    this.#connection.stop();
    this.#details?.stop();
    this.#details = null;
    this.relay.setDetails(null);
    this.#remoteVideo = null;
    this.#session?.close();
    this.#session = null;
    this.#capture.release();
    this.relay.setTracks(null, null, null);
    this.audio.srcObject = null;
  }

  /** Start camera and microphone for `session`; a capture that finishes after a release is dropped. */
  #startCapture(setup: Setup, session: PeerSession, sendVideo: boolean): void {
    const generation = this.#generation;
    this.#capture.start(setup, session.pc, sendVideo, () => generation === this.#generation);
  }

  /** The peer's camera to every relay, with its receiver (whose encoded frames may be forwarded). */
  #showRemoteVideo(track: MediaStreamTrack | null): void {
    this.#remoteVideo = track;
    const receiver = this.#session?.pc.getReceivers().find((candidate) => candidate.track === track);
    this.relay.setTracks(track, this.#capture.cameraTrack, receiver ?? null);
  }

  #openSession(setup: Setup, polite: boolean): PeerSession {
    this.#connection.startHeartbeat(() => this.#session?.pc.connectionState);
    const remoteAudio = new MediaStream();
    if (setup.devices.speakerId) void this.audio.setSinkId(setup.devices.speakerId).catch(() => undefined);
    this.#session = new PeerSession({
      iceServers: setup.iceServers,
      iceTransportPolicy: setup.iceTransportPolicy,
      polite,
      log: this.log,
      onSignal: (signal) => void sendMessage({ type: 'offscreen:local-signal', ...signal }),
      onConnectionState: (state) => {
        if (state === 'connected') this.#details?.refresh();
        this.#connection.report(state);
      },
      onVideoReceiver: (receiver) => this.relay.prepareForwarding(receiver),
      onRemoteTrack: (track) => {
        if (track.kind === 'audio') {
          // A screen share's sound comes on a later transceiver: screen-share.ts plays it (issue 14).
          if (!carriesMicrophone(this.#session?.pc, track)) return;
          remoteAudio.addTrack(track);
          this.audio.srcObject = remoteAudio;
          void this.audio
            .play()
            .catch((error) => this.log.warn('remote audio blocked', { error: String(error) }));
        } else {
          this.#showRemoteVideo(track);
        }
      },
    });
    this.#details = new CallDetailsReporter(
      this.#session.pc,
      (details) => this.relay.setDetails(details),
      this.log,
    );
    return this.#session;
  }
}
