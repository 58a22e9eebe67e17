/**
 * Receives the call's video from the offscreen document over a local RTCPeerConnection
 * (no ICE servers), signaled over a chrome.runtime port. Transceiver 0 = peer, 1 = our camera,
 * 2 = the peer's screen share (issue 14).
 */
import { overlayPortNames as portNames, RelayDetailsSchema, RelaySignalSchema } from '../../lib/overlay-wire';
import type { CallDetails, RelaySignal } from '../../lib/ports';

export class VideoReceiver {
  remote = $state<MediaStream | null>(null);
  local = $state<MediaStream | null>(null);
  share = $state<MediaStream | null>(null);
  /** Verification code and connection quality, computed by the offscreen document. */
  details = $state<CallDetails | null>(null);
  #pc: RTCPeerConnection | null = null;
  #port: chrome.runtime.Port | null = null;

  get connected(): boolean {
    return this.#port !== null;
  }

  /** Open the relay (no-op when already open). */
  open(): void {
    if (this.#port) return;
    const port = chrome.runtime.connect({ name: portNames.overlayVideo });
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.#port = port;
    this.#pc = pc;
    const post = (message: RelaySignal) => port.postMessage(message);
    pc.onicecandidate = ({ candidate }) =>
      post({ kind: 'candidate', candidate: candidate ? candidate.toJSON() : null });
    pc.ontrack = ({ track, transceiver }) => {
      const stream = new MediaStream([track]);
      if (transceiver.mid === '0') this.remote = stream;
      else if (transceiver.mid === '2') this.share = stream;
      else this.local = stream;
    };
    port.onMessage.addListener(async (raw: unknown) => {
      const details = RelayDetailsSchema.safeParse(raw);
      if (details.success) {
        if (this.#pc === pc) this.details = details.data.details;
        return;
      }
      const parsed = RelaySignalSchema.safeParse(raw);
      if (!parsed.success || this.#pc !== pc) return;
      const message = parsed.data;
      if (message.kind === 'candidate') {
        await pc.addIceCandidate(message.candidate ?? undefined).catch(() => undefined);
        return;
      }
      await pc.setRemoteDescription(message.description);
      await pc.setLocalDescription(await pc.createAnswer());
      if (pc.localDescription)
        post({ kind: 'description', description: { type: 'answer', sdp: pc.localDescription.sdp } });
    });
    port.onDisconnect.addListener(() => {
      if (this.#port === port) this.close();
    });
  }

  close(): void {
    this.#port?.disconnect();
    this.#pc?.close();
    this.#port = null;
    this.#pc = null;
    this.remote = null;
    this.local = null;
    this.share = null;
    this.details = null;
  }
}
