/**
 * The call recorder (issue 15), in the offscreen document only: the page never sees call media.
 * Audio: both voices (our microphone and the peer's audio) mixed with Web Audio into one
 * MediaStreamAudioDestinationNode. Video (video calls): the peer's picture large and our camera small
 * in the corner, composed in a worker (recording-compositor.ts) from MediaStreamTrackProcessor frames
 * and written to a MediaStreamTrackGenerator: driven by the media pipeline, not by this hidden
 * document's throttled timers, and off the main thread the overlay frames share. Audio calls record
 * audio only. MediaRecorder makes WebM (VP8 + Opus); the finished file goes to the worker as a blob
 * URL of this document, which the worker downloads and then releases.
 */
import type { Logger } from '../../lib/log';
import type { Result } from '../../lib/messages';
import type { CompositorMessage } from './recording-compositor';

/** The call's tracks right now: read again on every frame, so a device switch or camera toggle shows. */
export interface RecordingTracks {
  localAudio: MediaStreamTrack | null;
  remoteAudio: MediaStreamTrack | null;
  localVideo: MediaStreamTrack | null;
  remoteVideo: MediaStreamTrack | null;
}

const videoType = 'video/webm;codecs=vp8,opus';
const audioType = 'audio/webm;codecs=opus';
/** How often the recorder looks at the call's tracks again (a device switch, a camera turned on or off). */
const followMs = 500;

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
        tick: setInterval(() => this.#follow(running), followMs),
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

/** Chrome's breakout box, in windows; TypeScript's DOM library does not declare it yet. */
declare const MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => {
  readable: ReadableStream<VideoFrame>;
};
declare const MediaStreamTrackGenerator: new (init: { kind: 'video' }) => MediaStreamTrack & {
  writable: WritableStream<VideoFrame>;
};

/**
 * The recording's picture: composed in a worker (recording-compositor.ts), so the overlay frames that
 * share this renderer's main thread stay responsive; this side only hands it the cameras' frames.
 */
class Picture {
  readonly track: MediaStreamTrack;
  readonly #worker = new Worker(new URL('./recording-compositor.ts', import.meta.url), { type: 'module' });
  readonly #following: Record<'remote' | 'self', MediaStreamTrack | null> = { remote: null, self: null };

  constructor() {
    const generator = new MediaStreamTrackGenerator({ kind: 'video' });
    this.track = generator;
    this.#post({ kind: 'output', writable: generator.writable }, [generator.writable]);
  }

  follow(remote: MediaStreamTrack | null, self: MediaStreamTrack | null): void {
    this.#follow('remote', remote);
    this.#follow('self', self && self.enabled ? self : null);
  }

  stop(): void {
    this.#post({ kind: 'stop' });
    this.track.stop();
  }

  #follow(which: 'remote' | 'self', track: MediaStreamTrack | null): void {
    const live = track && track.readyState === 'live' ? track : null;
    if (live === this.#following[which]) return;
    this.#following[which] = live;
    const readable = live ? new MediaStreamTrackProcessor({ track: live, maxBufferSize: 2 }).readable : null;
    this.#post({ kind: which, readable }, readable ? [readable] : []);
  }

  #post(message: CompositorMessage, transfer: Transferable[] = []): void {
    this.#worker.postMessage(message, transfer);
  }
}
