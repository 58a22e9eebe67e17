/**
 * Issue 12: the peer's camera reaches an overlay frame without being decoded and encoded again in
 * the offscreen document. An encoded transform on the call's camera receiver (the worker beside
 * this file) copies each encoded frame here, and a relay sender that was open before the call's
 * first frame sends those frames as they are (encoded insertable streams), with no track and no
 * encoder of its own. That removes the relay's encoder start-up and one encode from the path to
 * the first frame.
 *
 * A relay that opens once frames are flowing would have to wait for the peer's next key frame, so
 * it sends its own encoding of the decoded track instead, as every relay did before. So does one
 * whose negotiated codec is not the call's. Each sink reports which of the two it needs
 * (`wantsTrack`), and the relay gives its sender the track only then.
 */
import { copyFrame } from './frame-copy';

type SinkMode = 'forward' | 'own';

/** How long frames may be decoded without one reaching the forwarder before the relays encode. */
const FORWARD_START_MS = 500;

export interface ForwardSink {
  /** Whether the sender needs the decoded track (it encodes its own frames). */
  readonly wantsTrack: boolean;
  /** The relay is negotiated: its codec is read now, not when the first key frame is waiting. */
  negotiated(): void;
  close(): void;
}

class Sink implements ForwardSink {
  mode: SinkMode;
  #awaitingKey = true;
  /**
   * The source this sink has sent frames of. It stays with that stream for the call: a switch of
   * stream (or to its own encoder) mid-call restarts RTP timestamps and picture ids under the same
   * SSRC, which the overlay's decoder drops, freezing the picture. A screen share arriving on a new
   * transceiver briefly looks like a new camera source; this sink keeps the camera.
   */
  locked: number | null = null;
  readonly #writer: WritableStreamDefaultWriter<RTCEncodedVideoFrame>;
  #closed = false;
  /**
   * The relay's codec, read once it is negotiated: `getParameters()` waits on WebRTC's own thread,
   * which is busiest just when the call's first frames arrive (1-87 ms measured there, issue 12).
   */
  #codec: RTCRtpCodecParameters | undefined;

  constructor(
    private readonly sender: RTCRtpSender,
    mode: SinkMode,
    private readonly onModeChange: () => void,
    private readonly onClose: (sink: Sink) => void,
  ) {
    this.mode = mode;
    const streams = sender.createEncodedStreams();
    this.#writer = streams.writable.getWriter();
    // The sender's own encoder output: sent in `own` mode, dropped while forwarding.
    void streams.readable
      .pipeTo(new WritableStream({ write: (frame) => void (this.mode === 'own' && this.#write(frame)) }))
      .catch(() => undefined);
  }

  get wantsTrack(): boolean {
    return this.mode === 'own';
  }

  /** A new source's frames are about to flow: forward them from its first key frame (unless locked). */
  restart(): void {
    if (this.locked !== null) return;
    this.#awaitingKey = true;
    this.#setMode('forward');
  }

  /** Between calls: the next call's stream is a new one. */
  unlock(): void {
    this.locked = null;
  }

  forward(frame: RTCEncodedVideoFrame, source: number): void {
    if (this.mode !== 'forward') return;
    if (this.locked !== null && source !== this.locked) return;
    if (this.#awaitingKey) {
      if (frame.type !== 'key') return this.#setMode('own'); // joined mid-stream after all
      // The relay must have negotiated the call's codec, under the same payload type.
      const negotiated = this.#codec ?? this.sender.getParameters().codecs[0];
      const metadata = frame.getMetadata();
      if (
        negotiated?.mimeType.toLowerCase() !== metadata.mimeType?.toLowerCase() ||
        negotiated?.payloadType !== metadata.payloadType
      )
        return this.#setMode('own');
      this.#awaitingKey = false;
      this.locked = source;
    }
    this.#write(frame);
  }

  negotiated(): void {
    this.#codec = this.sender.getParameters().codecs[0];
  }

  /** The call's frames do not reach the forwarder: encode our own (unless already forwarding). */
  giveUp(): void {
    if (this.locked !== null) return;
    this.#setMode('own');
  }

  close(): void {
    this.#closed = true;
    this.onClose(this);
    void this.#writer.close().catch(() => undefined);
  }

  #write(frame: RTCEncodedVideoFrame): void {
    if (this.#closed) return;
    this.#writer.write(frame).catch(() => undefined); // the relay closed
  }

  #setMode(mode: SinkMode): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.onModeChange();
  }
}

export class FrameForwarder {
  readonly #worker: Worker | null;
  readonly #sinks = new Set<Sink>();
  #receiver: RTCRtpReceiver | null = null;
  /** The transform of each receiver, by number: frames of another receiver are dropped. */
  readonly #sources = new WeakMap<RTCRtpReceiver, number>();
  #lastSource = 0;
  #fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  /** The current receiver's frames never reached the forwarder: every relay encodes its own. */
  #gaveUp = false;
  /** Whether the current receiver's frames have started (a sink opened now joins mid-stream). */
  #flowing = false;

  constructor() {
    this.#worker = FrameForwarder.supported()
      ? new Worker(new URL('./frame-forwarder.worker.ts', import.meta.url), { type: 'module' })
      : null;
    if (this.#worker) this.#worker.onmessage = ({ data }) => this.#distribute(data);
  }

  /** Whether this browser can forward encoded frames (else every relay encodes its own). */
  static supported(): boolean {
    return (
      typeof RTCRtpScriptTransform === 'function' &&
      typeof RTCEncodedVideoFrame === 'function' &&
      typeof RTCRtpSender.prototype.createEncodedStreams === 'function'
    );
  }

  get enabled(): boolean {
    return this.#worker !== null;
  }

  /**
   * Puts the transform on a receiver that may carry the peer's camera. Chromium starts a receiver's
   * transform only if it was there before the description that starts the receiver: on the
   * offerer's side before the offer is made, on the answerer's when the offer is applied (ontrack).
   */
  prepare(receiver: RTCRtpReceiver): void {
    if (!this.#worker || this.#sources.has(receiver)) return;
    const source = ++this.#lastSource;
    this.#sources.set(receiver, source);
    receiver.transform = new RTCRtpScriptTransform(this.#worker, { source });
  }

  /** The call's camera receiver (null between calls): its frames go to the sinks from now on. */
  setSource(receiver: RTCRtpReceiver | null): void {
    if (receiver === this.#receiver) return;
    this.#receiver = receiver;
    this.#flowing = false;
    this.#gaveUp = false;
    clearTimeout(this.#fallbackTimer);
    if (!receiver) for (const sink of this.#sinks) sink.unlock();
    if (!receiver || !this.#worker) return;
    this.prepare(receiver);
    for (const sink of this.#sinks) sink.restart();
    // Frames decoded but none forwarded (a transform that never started): the relays encode.
    const armFallback = () => {
      clearTimeout(this.#fallbackTimer);
      this.#fallbackTimer = setTimeout(() => {
        if (this.#receiver !== receiver || this.#flowing) return;
        this.#gaveUp = true;
        for (const sink of this.#sinks) sink.giveUp();
      }, FORWARD_START_MS);
    };
    if (!receiver.track.muted) armFallback();
    receiver.track.addEventListener('unmute', armFallback, { once: true });
  }

  /** A relay sender of a connection made with `encodedInsertableStreams` (see `enabled`). */
  addSink(sender: RTCRtpSender, onModeChange: () => void): ForwardSink {
    const mode: SinkMode = this.#receiver && (this.#flowing || this.#gaveUp) ? 'own' : 'forward';
    const sink = new Sink(sender, mode, onModeChange, (closed) => this.#sinks.delete(closed));
    this.#sinks.add(sink);
    return sink;
  }

  #distribute(data: unknown): void {
    const { source, frame } = (data ?? {}) as { source?: unknown; frame?: unknown };
    if (typeof source !== 'number' || !(frame instanceof RTCEncodedVideoFrame)) return;
    const current = this.#receiver ? this.#sources.get(this.#receiver) : undefined;
    if (source === current) this.#flowing = true;
    let first = true;
    for (const sink of this.#sinks) {
      // A locked sink takes its own stream's frames; the others, the current source's.
      if (sink.mode !== 'forward' || (sink.locked ?? current) !== source) continue;
      sink.forward(first ? frame : copyFrame(frame), source);
      first = false;
    }
  }
}
