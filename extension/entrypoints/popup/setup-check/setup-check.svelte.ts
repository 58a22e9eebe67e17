/**
 * "Test my setup": camera, microphone, speaker and network checked at once, in under 5 s, in the
 * popup page itself. Why here and not in the offscreen document: the preview has to be drawn
 * where the user looks (the offscreen document has no screen, and relaying it would take another
 * peer connection), the popup is an extension page holding the extension origin's grant, and
 * closing the popup ends the check with it. The offscreen document keeps only call media.
 */
import type { IceServer } from '../../../../protocol';
import type { DeviceChoice } from '../../../lib/messages';
import { uiLocale } from '../../../lib/locale';
import { cameraLine, microphoneLine, networkLine, speakerLine } from './check-lines';
import type { CheckLine } from './check-lines';
import { captureDevice, countVideoFrames, playTestTone, watchMicrophoneLevel } from './media-check';
import { probeNetwork } from './network-check';

/** The windows of each part; they run side by side, so the check takes the longest, ~3 s. */
export const setupCheckTimings = {
  microphoneWindowMs: 2_000,
  cameraWindowMs: 1_500,
  toneMs: 600,
  networkTimeoutMs: 3_000,
  /** The preview and level stay live this long after the results, unless stopped. */
  livePreviewMs: 30_000,
} as const;

export type SetupCheckPhase = 'idle' | 'running' | 'done';
type IceAnswer = { ok: true; iceServers: IceServer[] } | { ok: false };

export class SetupCheck {
  phase = $state<SetupCheckPhase>('idle');
  lines = $state<CheckLine[]>([]);
  level = $state(0);
  preview = $state<MediaStream | null>(null);
  elapsedMs = $state(0);
  #run: AbortController | null = null;

  constructor(
    private readonly fetchIce: () => Promise<IceAnswer>,
    signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Run every part at once; `video` shows the camera preview; `speakerName` null: the default speaker. */
  async start(devices: DeviceChoice, video: HTMLVideoElement, speakerName: string | null): Promise<void> {
    this.stop();
    const run = new AbortController();
    this.#run = run;
    this.phase = 'running';
    this.lines = [];
    const started = performance.now();
    const add = (line: CheckLine) => {
      if (!run.signal.aborted) this.lines = [...this.lines, line].sort(byPart);
    };
    await Promise.all([
      this.#checkCamera(devices, video, run.signal).then(add),
      this.#checkMicrophone(devices, run.signal).then(add),
      playTestTone(devices.speakerId, setupCheckTimings.toneMs).then((played) =>
        add(speakerLine(played, speakerName)),
      ),
      this.#checkNetwork().then(add),
    ]);
    if (run.signal.aborted) return;
    this.elapsedMs = Math.round(performance.now() - started);
    this.phase = 'done';
    const timer = setTimeout(() => this.stop(), setupCheckTimings.livePreviewMs);
    run.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  }

  /** Release the camera and microphone (the results stay). */
  stop(): void {
    this.#run?.abort();
    this.#run = null;
    this.preview = null;
    this.level = 0;
    if (this.phase === 'running') this.phase = 'idle';
  }

  async #checkCamera(devices: DeviceChoice, video: HTMLVideoElement, signal: AbortSignal) {
    const captured = await captureDevice('video', devices);
    if ('failure' in captured) return cameraLine(captured);
    releaseOn(signal, captured.stream);
    this.preview = captured.stream;
    video.srcObject = captured.stream;
    await video.play().catch(() => undefined);
    const frames = await countVideoFrames(video, setupCheckTimings.cameraWindowMs);
    return cameraLine({ frames: Math.max(frames, video.videoWidth > 0 ? 1 : 0) });
  }

  async #checkMicrophone(devices: DeviceChoice, signal: AbortSignal) {
    const captured = await captureDevice('audio', devices);
    if ('failure' in captured) return microphoneLine(captured);
    releaseOn(signal, captured.stream);
    const peak = await watchMicrophoneLevel(
      captured.stream,
      (level) => (this.level = level),
      setupCheckTimings.microphoneWindowMs,
      signal,
    );
    return microphoneLine({ peak });
  }

  async #checkNetwork() {
    const ice = await this.fetchIce();
    if (!ice.ok) return networkLine('offline');
    return networkLine(await probeNetwork(ice.iceServers, setupCheckTimings.networkTimeoutMs), uiLocale());
  }
}

const order: CheckLine['part'][] = ['camera', 'microphone', 'speaker', 'network'];
const byPart = (a: CheckLine, b: CheckLine) => order.indexOf(a.part) - order.indexOf(b.part);

function releaseOn(signal: AbortSignal, stream: MediaStream): void {
  const release = () => stream.getTracks().forEach((track) => track.stop());
  if (signal.aborted) release();
  else signal.addEventListener('abort', release, { once: true });
}
