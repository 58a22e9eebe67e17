/**
 * The recording's picture, drawn off the main thread (issue 15): a dedicated worker of the offscreen
 * document. The overlay frames share the extension's renderer main thread with the offscreen
 * document, so drawing there made the in-call controls slow to respond while recording. The main
 * thread hands over the frames of the peer's video and our camera (MediaStreamTrackProcessor
 * readables) and the writable of a MediaStreamTrackGenerator; this worker composes each picture on
 * an OffscreenCanvas (the peer large, our camera small in the corner) and writes it as a VideoFrame.
 */
import { fitInto, recordingSize, selfViewBox } from './recording-layout';

export type CompositorMessage =
  | { kind: 'output'; writable: WritableStream<VideoFrame> }
  | { kind: 'remote' | 'self'; readable: ReadableStream<VideoFrame> | null }
  | { kind: 'stop' };

/** Draw at most this often (ms): 15 pictures a second is plenty for a call recording. */
const minFrameGapMs = 66;
/** With no new peer frame (camera off), redraw this often so our camera and the card still move. */
const idleRedrawMs = 500;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CompositorMessage>) => void) | null;
  close(): void;
};
const canvas = new OffscreenCanvas(recordingSize.width, recordingSize.height);
const context = canvas.getContext('2d', { alpha: false })!;
const latest: Record<'remote' | 'self', VideoFrame | null> = { remote: null, self: null };
const readers: Record<'remote' | 'self', ReadableStreamDefaultReader<VideoFrame> | null> = {
  remote: null,
  self: null,
};
let writer: WritableStreamDefaultWriter<VideoFrame> | null = null;
let drawnAt = 0;
const idle = setInterval(() => {
  if (performance.now() - drawnAt >= idleRedrawMs) draw(true);
}, idleRedrawMs);

scope.onmessage = ({ data }) => {
  if (data.kind === 'output') {
    writer = data.writable.getWriter();
    draw(true);
  } else if (data.kind === 'stop') {
    clearInterval(idle);
    for (const which of ['remote', 'self'] as const) follow(which, null);
    void writer?.close().catch(() => undefined);
    scope.close();
  } else follow(data.kind, data.readable);
};

function follow(which: 'remote' | 'self', readable: ReadableStream<VideoFrame> | null): void {
  void readers[which]?.cancel().catch(() => undefined);
  readers[which] = null;
  latest[which]?.close();
  latest[which] = null;
  if (!readable) return;
  const reader = readable.getReader();
  readers[which] = reader;
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || readers[which] !== reader) return value?.close();
        latest[which]?.close();
        latest[which] = value;
        if (which === 'remote') draw(false);
      }
    } catch {
      // The track ended or the reader was cancelled.
    }
  })();
}

function draw(force: boolean): void {
  const now = performance.now();
  if (!writer || (!force && now - drawnAt < minFrameGapMs)) return;
  drawnAt = now;
  context.fillStyle = '#111418';
  context.fillRect(0, 0, recordingSize.width, recordingSize.height);
  const remote = latest.remote;
  if (remote) {
    const box = fitInto(
      { width: remote.displayWidth, height: remote.displayHeight },
      { x: 0, y: 0, ...recordingSize },
    );
    context.drawImage(remote, box.x, box.y, box.width, box.height);
  }
  const own = latest.self;
  if (own) {
    const box = selfViewBox({ width: own.displayWidth, height: own.displayHeight });
    context.drawImage(own, box.x, box.y, box.width, box.height);
    context.strokeStyle = 'rgba(255,255,255,0.6)';
    context.lineWidth = 2;
    context.strokeRect(box.x, box.y, box.width, box.height);
  }
  const frame = new VideoFrame(canvas, { timestamp: Math.round(now * 1000) });
  // The generator takes the frame (and closes it); a refused write closes it here.
  writer.write(frame).catch(() => frame.close());
}
