/**
 * The current call's local capture (camera and microphone) and its mid-call controls: mute, the
 * camera turned on and off (an audio call upgraded to video and back), device switch, microphone
 * processing, and the fallback to the default device when one is unplugged. CallMedia owns the
 * call's lifetime (session, release) and composes this.
 */
import type { MessageOf } from '../../lib/messages';
import type { Logger } from '../../lib/log';
import type { AudioProcessing } from '../../lib/audio-processing';
import { attachCapture } from './attach-capture';
import { addCamera, removeCamera, replaceLocalTrack, watchDeviceLoss } from './device-switch';
import { captureLocalMedia, releaseStream } from './local-media';
import { applyAudioProcessing } from './audio-processing';
import { CaptureWarmth } from './capture-warmth';

/** The part of a call's media setup the capture needs. */
export type CaptureSetup = Pick<MessageOf<'offscreen:create-offer'>, 'media' | 'devices' | 'audioProcessing'>;

/** What the capture needs from the call it belongs to. */
export interface CaptureHost {
  /** The call's peer connection, while its session is open. */
  peer(): RTCPeerConnection | null;
  /** Our camera track changed (on, off, switched): the overlay's self view shows it. */
  showLocalVideo(track: MediaStreamTrack | null): void;
  /** A lost device was replaced by the default one: the overlay says so. */
  onDeviceFallback(kind: 'audio' | 'video'): void;
}

export class LocalCapture {
  #local: MediaStream | null = null;
  /** What the call started as, and the camera chosen then (for a mid-call upgrade to video). */
  #setup: CaptureSetup | null = null;
  /** Capture of the current call (offer and answer leave before it): true once its tracks are on. */
  #captured: Promise<boolean> | null = null;
  #processingChange: Promise<unknown> = Promise.resolve();
  readonly #warmth = new CaptureWarmth();

  constructor(
    private readonly host: CaptureHost,
    private readonly log: Logger,
  ) {}

  /** The camera track being sent, if any. */
  get cameraTrack(): MediaStreamTrack | null {
    return this.#local?.getVideoTracks()[0] ?? null;
  }

  /** The microphone track being sent, if any. */
  get microphoneTrack(): MediaStreamTrack | null {
    return this.#local?.getAudioTracks()[0] ?? null;
  }

  /** Whether this call's capture started (false: the grant is missing or a device failed). */
  captureReady(): Promise<boolean> {
    return this.#captured ?? Promise.resolve(false);
  }

  /**
   * Start camera and microphone for the session of `pc`; their tracks go on when they are up.
   * `stillThisCall` says whether the call is still the one the capture was started for.
   */
  start(setup: CaptureSetup, pc: RTCPeerConnection, sendVideo: boolean, stillThisCall: () => boolean): void {
    this.#warmth.stop();
    this.#setup = setup;
    this.#captured = captureLocalMedia(setup.media, sendVideo, setup.devices, setup.audioProcessing).then(
      async (stream) => {
        if (!stillThisCall()) {
          // The call ended while the devices were starting: release them at once.
          releaseStream(stream);
          return false;
        }
        this.#local = stream;
        this.host.showLocalVideo(stream.getVideoTracks()[0] ?? null);
        for (const track of stream.getTracks()) this.#watchDevice(track);
        await attachCapture(pc, stream);
        return true;
      },
      (error: unknown) => {
        this.log.warn('getUserMedia failed', { error: String(error) });
        return false;
      },
    );
  }

  /** A call rings: keep the capture services running from `delayMs` on, until `start` or `release`. */
  warmUp(delayMs: number): void {
    this.#warmth.start(delayMs);
  }

  /** Stop every captured track (the camera light goes off); a capture still starting is dropped by `start`. */
  release(): void {
    this.#warmth.stop();
    this.#captured = null;
    releaseStream(this.#local);
    this.#local = null;
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
    const pc = this.host.peer();
    if (!pc || !this.#local) return false;
    try {
      const track = await addCamera(pc, this.#local, this.#setup?.devices.cameraId ?? '');
      if (!track) return false;
      this.#watchDevice(track);
      this.host.showLocalVideo(track);
      this.log.info('camera turned on mid-call');
      return true;
    } catch (error) {
      this.log.warn('camera failed mid-call', { error: String(error) });
      return false;
    }
  }

  async #stopCamera(camera: MediaStreamTrack): Promise<boolean> {
    const pc = this.host.peer();
    if (!pc || !this.#local) return false;
    await removeCamera(pc, this.#local, camera);
    this.host.showLocalVideo(null);
    this.log.info('camera turned off mid-call (back to audio)');
    return true;
  }

  /** Switch microphone or camera mid-call with replaceTrack: no renegotiation. '' = the default device. */
  async switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<boolean> {
    await this.#captured;
    const pc = this.host.peer();
    if (!pc || !this.#local) return false;
    const fresh = await replaceLocalTrack(pc, this.#local, kind, deviceId);
    if (!fresh) return false;
    this.#watchDevice(fresh);
    if (kind === 'video') this.host.showLocalVideo(fresh);
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

  async #applyProcessing(processing: AudioProcessing): Promise<AudioProcessing | null> {
    const pc = this.host.peer();
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

  /** A device unplugged mid-call: the default device takes over and the overlay says so. */
  #watchDevice(track: MediaStreamTrack): void {
    watchDeviceLoss(track, async () => {
      if (!this.#local?.getTracks().includes(track)) return;
      this.log.warn('device ended mid-call: falling back to the default', { kind: track.kind });
      const kind = track.kind === 'video' ? 'video' : 'audio';
      if (await this.switchDevice(kind, '')) this.host.onDeviceFallback(kind);
    });
  }
}
