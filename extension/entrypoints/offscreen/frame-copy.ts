/** Chromium's encoded insertable streams, as the frame forwarder uses them (issue 12). */
declare global {
  // Chromium's encoded insertable streams (not in TypeScript's DOM library).
  interface RTCConfiguration {
    encodedInsertableStreams?: boolean;
  }
  interface RTCRtpSender {
    createEncodedStreams(): {
      readable: ReadableStream<RTCEncodedVideoFrame>;
      writable: WritableStream<RTCEncodedVideoFrame>;
    };
  }
}

/** The copy constructor of an encoded frame (Chromium; TypeScript's DOM library has no arguments). */
export const copyFrame = (frame: RTCEncodedVideoFrame): RTCEncodedVideoFrame =>
  new (RTCEncodedVideoFrame as unknown as new (from: RTCEncodedVideoFrame) => RTCEncodedVideoFrame)(frame);
