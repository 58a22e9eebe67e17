/**
 * The encoded transform on the call's camera receiver (frame-forwarder.ts): every frame goes on to
 * the offscreen document's own decoder unchanged, and a copy goes to the main thread for the relays.
 */
import { copyFrame } from './frame-copy';

interface TransformerLike {
  options?: { source?: number };
  readable: ReadableStream<RTCEncodedVideoFrame>;
  writable: WritableStream<RTCEncodedVideoFrame>;
}

const scope = self as unknown as {
  onrtctransform: ((event: { transformer: TransformerLike }) => void) | null;
  postMessage: (message: unknown) => void;
};

scope.onrtctransform = ({ transformer }) => {
  const source = transformer.options?.source ?? 0;
  void transformer.readable
    .pipeThrough(
      new TransformStream<RTCEncodedVideoFrame, RTCEncodedVideoFrame>({
        transform(frame, controller) {
          try {
            scope.postMessage({ source, frame: copyFrame(frame) });
          } catch {
            // A frame that cannot be copied is only not forwarded; the relays' own encoders cover it.
          }
          controller.enqueue(frame);
        },
      }),
    )
    .pipeTo(transformer.writable)
    .catch(() => undefined); // the receiver went away with its call
};
