/**
 * Relays video to overlay frames over local RTCPeerConnections (no ICE servers), signaled over
 * chrome.runtime ports. Transceiver 0 carries the peer's video, 1 our camera, 2 the peer's screen share.
 * The peer's video is forwarded as the call received it where it can be (frame-forwarder.ts); our
 * camera and the share are encoded for the relay.
 */
import { sendMessage } from '../../lib/messages';
import { isExtensionPort, portNames, RelaySignalSchema } from '../../lib/ports';
import type { CallDetails, RelayDetails, RelaySignal } from '../../lib/ports';
import type { Logger } from '../../lib/log';
import { FrameForwarder, type ForwardSink } from './frame-forwarder';

interface Relay {
  pc: RTCPeerConnection;
  post: (message: RelaySignal | RelayDetails) => void;
  remoteSender: RTCRtpSender;
  /** Where the peer's video comes from: forwarded frames, or the relay's own encoding (null). */
  remoteSink: ForwardSink | null;
  localSender: RTCRtpSender;
  shareSender: RTCRtpSender;
}

export class VideoRelay {
  #relays = new Set<Relay>();
  #remote: MediaStreamTrack | null = null;
  #local: MediaStreamTrack | null = null;
  #share: MediaStreamTrack | null = null;
  #details: CallDetails | null = null;
  readonly #forwarder = new FrameForwarder();

  constructor(
    private readonly log: Logger,
    signal: AbortSignal,
  ) {
    const onConnect = (port: chrome.runtime.Port) => {
      // Ports meant for the worker are left alone (disconnecting would close them for it too).
      if (port.name === portNames.overlayVideo && isExtensionPort(port)) void this.#serveTrusted(port);
    };
    chrome.runtime.onConnect.addListener(onConnect);
    signal.addEventListener('abort', () => {
      chrome.runtime.onConnect.removeListener(onConnect);
      this.closeAll();
    });
  }

  /**
   * Point every relay at the current tracks (null = nothing to show). `remoteReceiver`: the call's
   * receiver of `remote`, whose encoded frames are forwarded (omitted: unchanged).
   */
  setTracks(
    remote: MediaStreamTrack | null,
    local: MediaStreamTrack | null,
    remoteReceiver?: RTCRtpReceiver | null,
  ): void {
    this.#remote = remote;
    this.#local = local;
    if (remoteReceiver !== undefined) this.#forwarder.setSource(remote ? remoteReceiver : null);
    for (const relay of this.#relays) {
      void this.#applyRemote(relay);
      void relay.localSender.replaceTrack(local);
    }
  }

  /** Point every relay at the peer's screen share (null = none; issue 14). */
  setShare(share: MediaStreamTrack | null): void {
    if (this.#share === share) return;
    this.#share = share;
    for (const relay of this.#relays) void relay.shareSender.replaceTrack(share);
  }

  /** Show these call details in every frame (null = none, between calls). */
  setDetails(details: CallDetails | null): void {
    this.#details = details;
    if (details) for (const relay of this.#relays) relay.post({ kind: 'details', details });
  }

  /** How many relays forward the peer's video, and how many encode it (e2e debug surface). */
  modes(): { forwarded: number; encoded: number } {
    let forwarded = 0;
    for (const relay of this.#relays) if (relay.remoteSink && !relay.remoteSink.wantsTrack) forwarded++;
    return { forwarded, encoded: this.#relays.size - forwarded };
  }

  closeAll(): void {
    for (const relay of this.#relays) {
      relay.remoteSink?.close();
      relay.pc.close();
    }
    this.#relays.clear();
  }

  /** Video goes only to frames the worker trusts (never to a page's own copy of overlay.html). */
  async #serveTrusted(port: chrome.runtime.Port): Promise<void> {
    const tabId = port.sender?.tab?.id;
    const frameId = port.sender?.frameId;
    const url = port.sender?.url ?? '';
    if (tabId !== undefined) {
      const answer =
        frameId === undefined
          ? { ok: false as const }
          : await sendMessage({ type: 'overlay:check-frame', tabId, frameId, url });
      if (!answer.ok || !answer.trusted) {
        this.log.warn('video relay refused to an untrusted frame', { tabId, frameId });
        port.disconnect();
        return;
      }
    }
    await this.#serve(port);
  }

  /** A receiver that may carry the peer's camera, before its call is negotiated (see FrameForwarder). */
  prepareForwarding(receiver: RTCRtpReceiver): void {
    this.#forwarder.prepare(receiver);
  }

  /** The peer's video on one relay: the decoded track only when the relay encodes its own. */
  #applyRemote(relay: Relay): Promise<void> {
    const wantsTrack = relay.remoteSink?.wantsTrack ?? true;
    return relay.remoteSender.replaceTrack(wantsTrack ? this.#remote : null);
  }

  async #serve(port: chrome.runtime.Port): Promise<void> {
    const forwarding = this.#forwarder.enabled;
    const pc = new RTCPeerConnection({ iceServers: [], encodedInsertableStreams: forwarding });
    const remoteSender = pc.addTransceiver('video', { direction: 'sendonly' }).sender;
    const localSender = pc.addTransceiver('video', { direction: 'sendonly' }).sender;
    const shareSender = pc.addTransceiver('video', { direction: 'sendonly' }).sender;
    if (forwarding) for (const sender of [localSender, shareSender]) passThrough(sender);
    const post = (message: RelaySignal | RelayDetails) => {
      try {
        port.postMessage(message);
      } catch {
        // The frame went away; onDisconnect cleans up.
      }
    };
    const relay: Relay = { pc, post, remoteSender, remoteSink: null, localSender, shareSender };
    if (forwarding)
      relay.remoteSink = this.#forwarder.addSink(remoteSender, () => {
        const forwarded = !relay.remoteSink?.wantsTrack;
        this.log.info(
          forwarded ? 'video relay: peer video forwarded' : 'video relay: peer video encoded here',
        );
        void this.#applyRemote(relay);
      });
    this.#relays.add(relay);
    await this.#applyRemote(relay);
    await localSender.replaceTrack(this.#local);
    await shareSender.replaceTrack(this.#share);
    if (this.#details) post({ kind: 'details', details: this.#details });
    pc.onicecandidate = ({ candidate }) =>
      post({ kind: 'candidate', candidate: candidate ? candidate.toJSON() : null });
    port.onMessage.addListener((raw: unknown) => {
      const parsed = RelaySignalSchema.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.kind === 'description')
        void pc
          .setRemoteDescription(message.description)
          .then(() => relay.remoteSink?.negotiated())
          .catch((error) => this.log.warn('video relay answer not applied', { error: String(error) }));
      else void pc.addIceCandidate(message.candidate ?? undefined).catch(() => undefined);
    });
    port.onDisconnect.addListener(() => {
      relay.remoteSink?.close();
      pc.close();
      this.#relays.delete(relay);
    });
    await pc.setLocalDescription(await pc.createOffer());
    if (pc.localDescription)
      post({ kind: 'description', description: { type: 'offer', sdp: pc.localDescription.sdp } });
    this.log.info('video relay offered', { relays: this.#relays.size });
  }
}

/** A sender of a connection with encoded insertable streams that sends its own encoding unchanged. */
function passThrough(sender: RTCRtpSender): void {
  const { readable, writable } = sender.createEncodedStreams();
  void readable.pipeTo(writable).catch(() => undefined);
}
