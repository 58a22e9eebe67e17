/**
 * The newest frame of a video track, read with MediaStreamTrackProcessor (Chrome's breakout box):
 * it is driven by the media pipeline, not by timers, so a hidden offscreen document still sees every
 * frame. Used by the recorder (issue 15) to compose the call's picture.
 */

/** Chrome exposes this in windows; TypeScript's DOM library does not declare it yet. */
declare const MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => {
  readable: ReadableStream<VideoFrame>;
};

export class FrameSource {
  #track: MediaStreamTrack | null = null;
  #reader: ReadableStreamDefaultReader<VideoFrame> | null = null;
  #frame: VideoFrame | null = null;

  constructor(private readonly onFrame: () => void = () => {}) {}

  /** The newest frame (owned by this source: draw it, do not close it). */
  get frame(): VideoFrame | null {
    return this.#frame;
  }

  /** Follow `track` (null: none); the same track again changes nothing. */
  follow(track: MediaStreamTrack | null): void {
    const live = track && track.readyState === 'live' ? track : null;
    if (live === this.#track) return;
    this.#stopReading();
    this.#track = live;
    if (!live) return;
    const reader = new MediaStreamTrackProcessor({ track: live, maxBufferSize: 2 }).readable.getReader();
    this.#reader = reader;
    void this.#read(reader);
  }

  stop(): void {
    this.follow(null);
  }

  async #read(reader: ReadableStreamDefaultReader<VideoFrame>): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.#reader !== reader) {
          value?.close();
          return;
        }
        this.#frame?.close();
        this.#frame = value;
        this.onFrame();
      }
    } catch {
      // The track ended or the reader was cancelled: the source shows nothing until it follows again.
    }
  }

  #stopReading(): void {
    void this.#reader?.cancel().catch(() => undefined);
    this.#reader = null;
    this.#track = null;
    this.#frame?.close();
    this.#frame = null;
  }
}
