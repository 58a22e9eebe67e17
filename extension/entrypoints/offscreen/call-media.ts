/**
 * The media of the current call: local capture, the peer session, remote audio playback and the
 * video relay. `stop()` releases every track and closes the connection, on every kind of end.
 */
import type { MessageOf, Result } from '../../lib/messages';
import { sendMessage } from '../../lib/messages';
import type { Logger } from '../../lib/log';
import type { CallQualitySummary } from '../../lib/call-quality';
import { CallDetailsReporter } from './call-details';
import { readCallStats } from './call-stats';
import { attachCapture } from './attach-capture';
import { addCamera, removeCamera, replaceLocalTrack, watchDeviceLoss } from './device-switch';
import { captureLocalMedia, releaseStream } from './local-media';
import { PeerSession } from './peer-session';
import { carriesMicrophone } from './screen-share';
import type { VideoRelay } from './video-relay';
import type { RecordingTracks } from './call-recorder';
import { lifetimes } from '../../lib/lifetimes';
import type { AudioProcessing } from '../../lib/audio-processing';
import { applyAudioProcessing } from './audio-processing';

type Setup = Omit<MessageOf<'offscreen:create-offer'>, 'type'>;
type AnswerSetup = Omit<MessageOf<'offscreen:prepare-answer'>, 'type'>;
const { failedStateGraceMs, mediaHeartbeatMs: heartbeatMs } = lifetimes;

export class CallMedia {
  #local: MediaStream | null = null;
  #session: PeerSession | null = null;
  #details: CallDetailsReporter | null = null;
  #remoteVideo: MediaStreamTrack | null = null;
  /** What the call started as, and the camera chosen then (for a mid-call upgrade to video). */
  #setup: Setup | null = null;
  /** Capture of the current call (offer and answer leave before it): true once its tracks are on. */
  #captured: Promise<boolean> | null = null;
  /** The offer a ringing call's session was prepared for (set while ringing, issue 12). */
  #preparedOffer: { sdp: string; ready: Promise<void> } | null = null;
  /** Bumped whenever the call's media are released: a capture that finishes late is dropped. */
  #generation = 0;
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

  /** Caller: the offer leaves at once; the camera and microphone start beside it (issue 12). */
  async createOffer(setup: Setup): Promise<Result<{ sdp: string }>> {
    this.#release();
    this.#setup = setup;
    const session = this.#openSession(setup, false);
    this.#startCapture(setup, true);
    const sdp = await session.createOffer(setup.media === 'video' ? ['audio', 'video'] : ['audio']);
    return { ok: true, sdp };
  }

  /**
   * Callee, while ringing: a session with the offer applied, so Accept only has to answer. Nothing
   * leaves: no capture, no candidate gathering (that starts with the answer), no signal.
   */
  async prepareAnswer(setup: AnswerSetup): Promise<Result> {
    this.#release();
    this.#setup = setup;
    const session = this.#openSession(setup, true);
    const ready = session.prepareAnswer(setup.offerSdp);
    this.#preparedOffer = { sdp: setup.offerSdp, ready };
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
    const prepared = this.#preparedOffer?.sdp === setup.offerSdp ? this.#preparedOffer : null;
    this.#preparedOffer = null;
    if (!prepared || !this.#session) {
      const made = await this.prepareAnswer(setup);
      if (!made.ok) return made;
    } else {
      await prepared.ready.catch(() => undefined);
    }
    const session = this.#session;
    if (!session) return { ok: false, error: 'media_failed' };
    const sendVideo = setup.media === 'video' && !setup.audioOnly;
    this.#setup = setup;
    this.#startCapture(setup, !setup.audioOnly);
    const sdp = await session.createAnswer(sendVideo ? ['audio', 'video'] : ['audio']);
    return { ok: true, sdp };
  }

  /** Whether this call's capture started (false: the grant is missing or a device failed). */
  captureReady(): Promise<boolean> {
    return this.#captured ?? Promise.resolve(false);
  }

  async applyRemote(signal: MessageOf<'offscreen:remote-signal'>): Promise<void> {
    await this.#session?.applyRemote(signal);
  }

  /** Mute and camera toggles: disabled tracks send silence / black frames. */
  async setSending(audio: boolean, video: boolean): Promise<boolean> {
    // A toggle in the first moments of a call applies to the tracks being captured.
    await this.#captured;
    for (const track of this.#local?.getAudioTracks() ?? []) track.enabled = audio;
    const camera = this.#local?.getVideoTracks()[0];
    if (video && !camera) return this.#startCamera();
    // An audio call upgraded to video goes back to audio: the camera is released (renegotiates).
    if (!video && camera && this.#setup?.media === 'audio') return this.#stopCamera(camera);
    for (const track of this.#local?.getVideoTracks() ?? []) track.enabled = video;
    return true;
  }

  async #startCamera(): Promise<boolean> {
    const pc = this.#session?.pc;
    if (!pc || !this.#local) return false;
    try {
      const track = await addCamera(pc, this.#local, this.#setup?.devices.cameraId ?? '');
      if (!track) return false;
      this.#watchDevice(track);
      this.relay.setTracks(this.#remoteVideo, track);
      this.log.info('camera turned on mid-call');
      return true;
    } catch (error) {
      this.log.warn('camera failed mid-call', { error: String(error) });
      return false;
    }
  }

  async #stopCamera(camera: MediaStreamTrack): Promise<boolean> {
    const pc = this.#session?.pc;
    if (!pc || !this.#local) return false;
    await removeCamera(pc, this.#local, camera);
    this.relay.setTracks(this.#remoteVideo, null);
    this.log.info('camera turned off mid-call (back to audio)');
    return true;
  }

  /** The peer's camera: the video received on any transceiver but its screen share's (issue 14). */
  showRemoteCamera(exceptMid: string | null): void {
    const pc = this.#session?.pc;
    if (!pc) return;
    const receiving = (transceiver: RTCRtpTransceiver) =>
      transceiver.currentDirection === 'sendrecv' || transceiver.currentDirection === 'recvonly';
    const camera =
      pc
        .getTransceivers()
        .find(
          (transceiver) =>
            transceiver.receiver.track.kind === 'video' &&
            transceiver.mid !== null &&
            transceiver.mid !== exceptMid &&
            receiving(transceiver),
        )?.receiver.track ?? null;
    if (camera === this.#remoteVideo) return;
    this.#remoteVideo = camera;
    this.relay.setTracks(camera, this.#local?.getVideoTracks()[0] ?? null);
  }

  /** Issue 15: the tracks a recording mixes and draws, as they are now. */
  recordingTracks(): RecordingTracks {
    const remote = this.audio.srcObject instanceof MediaStream ? this.audio.srcObject : null;
    return {
      localAudio: this.#local?.getAudioTracks()[0] ?? null,
      remoteAudio: remote?.getAudioTracks()[0] ?? null,
      localVideo: this.#local?.getVideoTracks()[0] ?? null,
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
    await this.#captured;
    const pc = this.#session?.pc;
    if (!pc || !this.#local) return false;
    const fresh = await replaceLocalTrack(pc, this.#local, kind, deviceId);
    if (!fresh) return false;
    this.#watchDevice(fresh);
    if (kind === 'video') this.relay.setTracks(this.#remoteVideo, fresh);
    this.log.info('device switched', { kind, deviceId: deviceId || 'default' });
    return true;
  }

  /** Microphone processing changed mid-call (popup settings): applied live, remembered for the call. */
  setAudioProcessing(processing: AudioProcessing): Promise<AudioProcessing | null> {
    // One change at a time: two quick toggles must not open the microphone twice at once.
    const next = this.#processingChange.then(() => this.#applyProcessing(processing));
    this.#processingChange = next.catch(() => null);
    return next;
  }

  #processingChange: Promise<unknown> = Promise.resolve();

  async #applyProcessing(processing: AudioProcessing): Promise<AudioProcessing | null> {
    const pc = this.#session?.pc;
    if (this.#setup) this.#setup = { ...this.#setup, audioProcessing: processing };
    if (!pc || !this.#local) return null;
    const result = await applyAudioProcessing(
      pc,
      this.#local,
      processing,
      this.#setup?.devices.microphoneId ?? '',
    );
    if (!result) return null;
    if (result.recaptured) this.#watchDevice(result.track);
    this.log.info('microphone processing applied', { ...result.applied, recaptured: result.recaptured });
    return result.applied;
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
    this.#captured = null;
    this.#preparedOffer = null;
    clearTimeout(this.#failedTimer);
    this.#failedTimer = undefined;
    clearInterval(this.#heartbeat);
    this.#details?.stop();
    this.#details = null;
    this.relay.setDetails(null);
    this.#remoteVideo = null;
    this.#session?.close();
    this.#session = null;
    releaseStream(this.#local);
    this.#local = null;
    this.relay.setTracks(null, null);
    this.audio.srcObject = null;
  }

  /** Start camera and microphone for the current session; their tracks go on when they are up. */
  #startCapture(setup: Setup, sendVideo: boolean): void {
    const generation = this.#generation;
    const session = this.#session;
    this.#captured = captureLocalMedia(setup.media, sendVideo, setup.devices, setup.audioProcessing).then(
      async (stream) => {
        if (generation !== this.#generation || !session) {
          // The call ended while the devices were starting: release them at once.
          releaseStream(stream);
          return false;
        }
        this.#local = stream;
        this.relay.setTracks(this.#remoteVideo, stream.getVideoTracks()[0] ?? null);
        for (const track of stream.getTracks()) this.#watchDevice(track);
        await attachCapture(session.pc, stream);
        return true;
      },
      (error: unknown) => {
        this.log.warn('getUserMedia failed', { error: String(error) });
        return false;
      },
    );
  }

  #openSession(setup: Setup, polite: boolean): PeerSession {
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      const state = this.#session?.pc.connectionState;
      if (state && state !== 'failed') void sendMessage({ type: 'offscreen:connection', state });
    }, heartbeatMs);
    const remoteAudio = new MediaStream();
    if (setup.devices.speakerId) void this.audio.setSinkId(setup.devices.speakerId).catch(() => undefined);
    this.#session = new PeerSession({
      iceServers: setup.iceServers,
      iceTransportPolicy: setup.iceTransportPolicy,
      polite,
      log: this.log,
      onSignal: (signal) => void sendMessage({ type: 'offscreen:local-signal', ...signal }),
      onConnectionState: (state) => this.#reportState(state),
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
          this.#remoteVideo = track;
          this.relay.setTracks(track, this.#local?.getVideoTracks()[0] ?? null);
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

  /** A device unplugged mid-call: the default device takes over and the overlay says so. */
  #watchDevice(track: MediaStreamTrack): void {
    watchDeviceLoss(track, async () => {
      if (!this.#local?.getTracks().includes(track)) return;
      this.log.warn('device ended mid-call: falling back to the default', { kind: track.kind });
      const kind = track.kind === 'video' ? 'video' : 'audio';
      if (await this.switchDevice(kind, '')) this.#details?.patch({ deviceFallback: kind });
    });
  }

  #reportState(state: RTCPeerConnectionState): void {
    if (state === 'connected') {
      this.#details?.refresh();
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
