/**
 * Screen share (issue 14), in the offscreen document. Ours: getDisplayMedia (Chrome's picker: a
 * screen, a window or a tab, with its sound where Chrome offers it) sent on transceivers of its
 * own, so the camera keeps going; `negotiationneeded` renegotiates through call:signal. The
 * peer's: the video received on the transceiver its call:media names goes to the overlay frames
 * (the relay's third track), its sound plays here on an element of its own.
 *
 * Why getDisplayMedia here and not chrome.desktopCapture: a desktopCapture stream id is bound to
 * the frame that asked for it (the offscreen document cannot ask: it has only chrome.runtime), and
 * getUserMedia with that id in the offscreen document fails with "AbortError: Error starting tab
 * capture" (tried on Chromium 156, from the worker with a target tab and from an extension page);
 * chrome.tabCapture needs the extension invoked on the tab (action click). getDisplayMedia in the
 * offscreen document (reason DISPLAY_MEDIA) needs no user activation and shows Chrome's own picker.
 */
import type { ScreenShare } from '../../../protocol';
import type { Result } from '../../lib/messages';
import type { Logger } from '../../lib/log';
import type { ShareStats } from '../../lib/messages/debug';
import { readShareStats } from './share-stats';
import type { VideoRelay } from './video-relay';

const midWaitMs = 5_000;

/** What the picker offers: every surface, with sound; never this browser tab's own offscreen page. */
const pickerOptions = {
  video: { frameRate: { ideal: 15, max: 30 }, width: { max: 1920 }, height: { max: 1080 } },
  audio: true,
  systemAudio: 'include',
  windowAudio: 'system',
  surfaceSwitching: 'include',
  selfBrowserSurface: 'exclude',
  monitorTypeSurfaces: 'include',
} as DisplayMediaStreamOptions;

export interface ScreenShareHost {
  /** The call's peer connection (null between calls). */
  peer(): RTCPeerConnection | null;
  /** Show the peer's camera: the video received on any transceiver but the share's. */
  showRemoteCamera(exceptMid: string | null): void;
}

export class ScreenShareMedia {
  #stream: MediaStream | null = null;
  #share: ScreenShare | null = null;
  /** Our share's transceivers, reused by the next share of the same call (no new m-lines). */
  #sent = new WeakMap<RTCPeerConnection, { video: RTCRtpTransceiver; audio: RTCRtpTransceiver | null }>();
  #remote: ScreenShare | null = null;
  #watched = new WeakSet<RTCPeerConnection>();

  constructor(
    private readonly host: ScreenShareHost,
    private readonly relay: VideoRelay,
    private readonly remoteAudio: HTMLAudioElement,
    private readonly onEnded: () => void,
    private readonly log: Logger,
  ) {}

  /** Open the picker and send what the user chose; answers the transceivers' mids for call:media. */
  async start(): Promise<Result<{ share: ScreenShare }>> {
    const pc = this.host.peer();
    if (!pc || pc.connectionState === 'closed') return { ok: false, error: 'no_call' };
    if (this.#share) return { ok: true, share: this.#share };
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia(pickerOptions);
    } catch (error) {
      this.log.info('screen share not started', { error: String(error) });
      const cancelled = error instanceof DOMException && error.name === 'NotAllowedError';
      return { ok: false, error: cancelled ? 'share_cancelled' : 'share_failed' };
    }
    const video = stream.getVideoTracks()[0];
    if (!video || this.host.peer() !== pc) {
      stream.getTracks().forEach((track) => track.stop());
      return { ok: false, error: video ? 'no_call' : 'share_failed' };
    }
    this.#stopLocal();
    this.#stream = stream;
    video.contentHint = 'detail';
    const audio = stream.getAudioTracks()[0] ?? null;
    const previous = this.#sent.get(pc);
    const sent = {
      video: await sendOn(pc, previous?.video ?? null, video, stream),
      audio: audio ? await sendOn(pc, previous?.audio ?? null, audio, stream) : (previous?.audio ?? null),
    };
    if (!audio && sent.audio) await park(sent.audio);
    this.#sent.set(pc, sent);
    // Chrome's own "Stop sharing", or the shared tab or window closing, ends the video track.
    video.addEventListener('ended', () => this.#endedOutside(stream), { once: true });
    const videoMid = await midOf(sent.video);
    const audioMid = audio && sent.audio ? await midOf(sent.audio) : null;
    if (!videoMid || this.#stream !== stream) {
      this.#stopLocal();
      return { ok: false, error: 'share_failed' };
    }
    this.#share = { video: videoMid, audio: audioMid };
    this.log.info('screen share started', {
      surface: video.getSettings().displaySurface ?? 'unknown',
      withAudio: !!audio,
      ...this.#share,
    });
    return { ok: true, share: this.#share };
  }

  /** Stop our share (the user's Stop sharing, the peer's share replacing it, the call ending). */
  stop(): void {
    if (this.#stopLocal()) this.log.info('screen share stopped');
  }

  /** The peer's share as its call:media names it (null: it stopped). */
  showRemote(share: ScreenShare | null): void {
    this.#remote = share;
    this.#watch();
    this.#applyRemote();
  }

  /** The share's figures (e2e debug surface): the peer's as received, ours as sent. */
  async stats(): Promise<ShareStats | null> {
    const pc = this.host.peer();
    if (!pc) return null;
    return readShareStats(await pc.getStats(), this.#remote, this.#share);
  }

  /** Every end of a call: our share stops, the peer's is no longer shown. */
  stopAll(): void {
    this.stop();
    this.#remote = null;
    this.relay.setShare(null);
    this.remoteAudio.srcObject = null;
  }

  /** The peer's share is already on a transceiver when call:media arrives, or arrives with the offer. */
  #watch(): void {
    const pc = this.host.peer();
    if (!pc || this.#watched.has(pc)) return;
    this.#watched.add(pc);
    pc.addEventListener('track', () => this.#applyRemote());
  }

  #applyRemote(): void {
    const pc = this.host.peer();
    const received = (mid: string | null | undefined) =>
      (mid && pc?.getTransceivers().find((transceiver) => transceiver.mid === mid)?.receiver.track) || null;
    const video = received(this.#remote?.video);
    const audio = received(this.#remote?.audio);
    this.relay.setShare(video);
    // The share's track may have been taken for the peer's camera when it arrived before call:media.
    this.host.showRemoteCamera(this.#remote?.video ?? null);
    const current = (this.remoteAudio.srcObject as MediaStream | null)?.getAudioTracks()[0] ?? null;
    if (current === audio) return;
    this.remoteAudio.srcObject = audio ? new MediaStream([audio]) : null;
    if (audio)
      void this.remoteAudio
        .play()
        .catch((error) => this.log.warn('share audio blocked', { error: String(error) }));
  }

  #endedOutside(stream: MediaStream): void {
    if (this.#stream !== stream) return;
    this.log.info('screen share ended by the browser (stop button, or the shared surface closed)');
    this.#stopLocal();
    this.onEnded();
  }

  /** Stop the captured tracks and stop sending on the share's transceivers; true if it was sharing. */
  #stopLocal(): boolean {
    const stream = this.#stream;
    this.#stream = null;
    this.#share = null;
    if (!stream) return false;
    stream.getTracks().forEach((track) => track.stop());
    const pc = this.host.peer();
    const sent = pc ? this.#sent.get(pc) : undefined;
    if (sent && pc?.connectionState !== 'closed') {
      void park(sent.video);
      if (sent.audio) void park(sent.audio);
    }
    return true;
  }
}

/** Send `track` on the share's previous transceiver, or on a new one. */
async function sendOn(
  pc: RTCPeerConnection,
  previous: RTCRtpTransceiver | null,
  track: MediaStreamTrack,
  stream: MediaStream,
): Promise<RTCRtpTransceiver> {
  if (!previous || previous.currentDirection === 'stopped' || previous.direction === 'stopped')
    return pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
  await previous.sender.replaceTrack(track);
  previous.sender.setStreams(stream);
  previous.direction = 'sendonly';
  return previous;
}

/** Stop sending on a share transceiver, keeping its m-line for the next share (renegotiates). */
async function park(transceiver: RTCRtpTransceiver): Promise<void> {
  if (transceiver.currentDirection === 'stopped') return;
  await transceiver.sender.replaceTrack(null).catch(() => undefined);
  transceiver.direction = 'inactive';
}

/** A new transceiver's mid is set by the renegotiation `negotiationneeded` starts (PeerSession). */
async function midOf(transceiver: RTCRtpTransceiver): Promise<string | null> {
  const deadline = Date.now() + midWaitMs;
  while (transceiver.mid === null && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return transceiver.mid;
}

/**
 * True when `track` is the peer's microphone: the first audio transceiver carries it in every call
 * (audio is in the first offer); later ones carry a screen share's sound, played by ScreenShareMedia.
 */
export function carriesMicrophone(pc: RTCPeerConnection | undefined, track: MediaStreamTrack): boolean {
  const first = pc?.getTransceivers().find((transceiver) => transceiver.receiver.track.kind === 'audio');
  return !first || first.receiver.track === track;
}

/** The peer's camera: the video received on any transceiver but `exceptMid` (its screen share's). */
export function remoteCameraTrack(pc: RTCPeerConnection, exceptMid: string | null): MediaStreamTrack | null {
  const receiving = (transceiver: RTCRtpTransceiver) =>
    transceiver.currentDirection === 'sendrecv' || transceiver.currentDirection === 'recvonly';
  const camera = pc
    .getTransceivers()
    .find(
      (transceiver) =>
        transceiver.receiver.track.kind === 'video' &&
        transceiver.mid !== null &&
        transceiver.mid !== exceptMid &&
        receiving(transceiver),
    );
  return camera?.receiver.track ?? null;
}
