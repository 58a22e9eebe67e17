/**
 * The call recorder (issue 15), in the offscreen document only: the page never sees call media.
 * Audio: both voices (our microphone and the peer's audio) mixed with Web Audio into one
 * MediaStreamAudioDestinationNode. Video (video calls): a canvas with the peer's picture large and
 * our camera small in the corner, redrawn on every peer frame (read with MediaStreamTrackProcessor,
 * so a hidden document's timer throttling does not matter) and at least twice a second otherwise.
 * Audio calls record audio only. MediaRecorder makes WebM (VP8 + Opus); the finished file goes to
 * the worker as a blob URL of this document, which the worker downloads and then releases.
 */
import type { Logger } from '../../lib/log';
import type { Result } from '../../lib/messages';
import { FrameSource } from './frame-source';
import { fitInto, recordingSize, selfViewBox } from './recording-layout';

/** The call's tracks right now: read again on every frame, so a device switch or camera toggle shows. */
export interface RecordingTracks {
  localAudio: MediaStreamTrack | null;
  remoteAudio: MediaStreamTrack | null;
  localVideo: MediaStreamTrack | null;
  remoteVideo: MediaStreamTrack | null;
}

const videoType = 'video/webm;codecs=vp8,opus';
const audioType = 'audio/webm;codecs=opus';
/** Draw at most this often (ms): 15 frames a second is plenty for a call recording. */
const minFrameGapMs = 66;
/** With no new peer frame (camera off), redraw this often so our camera and the card still move. */
const idleRedrawMs = 500;

interface Running {
  recorder: MediaRecorder;
  chunks: Blob[];
  fileName: string;
  context: AudioContext;
  destination: MediaStreamAudioDestinationNode;
  mixed: Map<MediaStreamTrack, MediaStreamAudioSourceNode>;
  picture: Picture | null;
  tick: ReturnType<typeof setInterval>;
}

export class CallRecorder {
  #running: Running | null = null;
  readonly #urls = new Set<string>();

  constructor(
    private readonly tracks: () => RecordingTracks,
    private readonly onReady: (file: { url: string; fileName: string; bytes: number }) => void,
    private readonly onFailed: () => void,
    private readonly log: Logger,
  ) {}

  get recording(): boolean {
    return this.#running !== null;
  }

  start(fileName: string, video: boolean): Result {
    if (this.#running) return { ok: false, error: 'already_recording' };
    const type = video ? videoType : audioType;
    if (!MediaRecorder.isTypeSupported(type)) {
      this.log.warn('recording type not supported', { type });
      return { ok: false, error: 'recording_failed' };
    }
    try {
      const context = new AudioContext();
      void context.resume().catch(() => undefined);
      const destination = context.createMediaStreamDestination();
      const picture = video ? new Picture() : null;
      const stream = new MediaStream([
        ...destination.stream.getAudioTracks(),
        ...(picture ? [picture.track] : []),
      ]);
      const recorder = new MediaRecorder(stream, {
        mimeType: type,
        audioBitsPerSecond: 64_000,
        ...(video ? { videoBitsPerSecond: 1_500_000 } : {}),
      });
      const running: Running = {
        recorder,
        chunks: [],
        fileName,
        context,
        destination,
        mixed: new Map(),
        picture,
        tick: setInterval(() => this.#follow(running), idleRedrawMs),
      };
      this.#running = running;
      this.#follow(running);
      recorder.ondataavailable = (event) => {
        if (event.data.size > 0) running.chunks.push(event.data);
      };
      recorder.onstop = () => this.#finish(running);
      recorder.onerror = () => {
        this.log.warn('recorder error');
        this.#stop(running);
        this.onFailed();
      };
      // A chunk a second: a long call never waits for one huge buffer at the end.
      recorder.start(1000);
      this.log.info('recording started', { type });
      return { ok: true };
    } catch (error) {
      this.log.warn('recorder did not start', { error: String(error) });
      if (this.#running) this.#stop(this.#running);
      return { ok: false, error: 'recording_failed' };
    }
  }

  /** Stop and hand the file over (asynchronously, once the recorder flushed). Idempotent. */
  stop(): void {
    if (this.#running) this.#stop(this.#running);
  }

  /** The worker downloaded the file: free its memory. */
  release(url: string): void {
    if (!this.#urls.delete(url)) return;
    URL.revokeObjectURL(url);
  }

  #stop(running: Running): void {
    if (this.#running !== running) return;
    this.#running = null;
    clearInterval(running.tick);
    if (running.recorder.state !== 'inactive') running.recorder.stop();
    else this.#finish(running);
  }

  #finish(running: Running): void {
    clearInterval(running.tick);
    running.picture?.stop();
    for (const source of running.mixed.values()) source.disconnect();
    void running.context.close().catch(() => undefined);
    for (const track of running.recorder.stream.getTracks()) track.stop();
    if (this.#running === running) this.#running = null;
    const blob = new Blob(running.chunks, { type: running.recorder.mimeType || videoType });
    running.chunks = [];
    if (blob.size === 0) {
      this.log.warn('recording empty: nothing to save');
      return;
    }
    const url = URL.createObjectURL(blob);
    this.#urls.add(url);
    this.log.info('recording finished', { bytes: blob.size });
    this.onReady({ url, fileName: running.fileName, bytes: blob.size });
  }

  /** Mix the call's current voices, and point the picture at its current cameras. */
  #follow(running: Running): void {
    const tracks = this.tracks();
    const voices = [tracks.localAudio, tracks.remoteAudio].filter(
      (track): track is MediaStreamTrack => !!track && track.readyState === 'live',
    );
    for (const [track, source] of running.mixed)
      if (!voices.includes(track)) {
        source.disconnect();
        running.mixed.delete(track);
      }
    for (const track of voices) {
      if (running.mixed.has(track)) continue;
      const source = running.context.createMediaStreamSource(new MediaStream([track]));
      source.connect(running.destination);
      running.mixed.set(track, source);
    }
    running.picture?.follow(tracks.remoteVideo, tracks.localVideo);
  }
}

/** The recording's picture: a canvas captured frame by frame (requestFrame after each drawing). */
class Picture {
  readonly #canvas = document.createElement('canvas');
  readonly #context: CanvasRenderingContext2D;
  readonly track: CanvasCaptureMediaStreamTrack;
  readonly #remote = new FrameSource(() => this.#draw(false));
  readonly #self = new FrameSource();
  #drawnAt = 0;

  constructor() {
    this.#canvas.width = recordingSize.width;
    this.#canvas.height = recordingSize.height;
    const context = this.#canvas.getContext('2d', { alpha: false });
    if (!context) throw new Error('no 2d canvas');
    this.#context = context;
    // 0: a frame only when requestFrame() says so.
    this.track = this.#canvas.captureStream(0).getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    this.#draw(true);
  }

  follow(remote: MediaStreamTrack | null, self: MediaStreamTrack | null): void {
    this.#remote.follow(remote);
    this.#self.follow(self && self.enabled ? self : null);
    // The idle tick: without peer frames the picture still shows our camera (or the card).
    if (performance.now() - this.#drawnAt >= idleRedrawMs) this.#draw(true);
  }

  stop(): void {
    this.#remote.stop();
    this.#self.stop();
    this.track.stop();
  }

  #draw(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.#drawnAt < minFrameGapMs) return;
    this.#drawnAt = now;
    const context = this.#context;
    const whole = { x: 0, y: 0, ...recordingSize };
    context.fillStyle = '#111418';
    context.fillRect(0, 0, whole.width, whole.height);
    const remote = this.#remote.frame;
    if (remote) {
      const box = fitInto({ width: remote.displayWidth, height: remote.displayHeight }, whole);
      context.drawImage(remote, box.x, box.y, box.width, box.height);
    }
    const self = this.#self.frame;
    if (self) {
      const box = selfViewBox({ width: self.displayWidth, height: self.displayHeight });
      context.drawImage(self, box.x, box.y, box.width, box.height);
      context.strokeStyle = 'rgba(255,255,255,0.6)';
      context.lineWidth = 2;
      context.strokeRect(box.x, box.y, box.width, box.height);
    }
    this.track.requestFrame();
  }
}
