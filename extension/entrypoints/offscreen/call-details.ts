/**
 * What the call panel shows beside the video, computed where the peer connection lives: the
 * verification code from both DTLS fingerprints and the connection quality from getStats every 2 s.
 */
import { poorIntervalsBeforeNotice, rateQuality, summarizeQuality } from '../../lib/call-quality';
import type { CallQualitySummary, QualitySample } from '../../lib/call-quality';
import type { Logger } from '../../lib/log';
import type { CallDetails } from '../../lib/ports';
import { verificationCode } from '../../lib/verification';

const pollMs = 2_000;
/** Keeps the summary's inputs bounded on very long calls (about 4 hours of samples). */
const maxSamples = 7_200;

type StatsEntry = Record<string, unknown> & { type: string; id: string; timestamp: number };
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** Reduce one getStats report to the figures `rateQuality` needs. */
export function toQualitySample(report: RTCStatsReport, startedAtMs: number): QualitySample {
  const entries = new Map<string, StatsEntry>();
  report.forEach((entry: StatsEntry) => entries.set(entry.id, entry));
  const sample: QualitySample = {
    at: (performance.timeOrigin + performance.now() - startedAtMs) / 1000,
    roundTripTimeMs: null,
    packetsLost: 0,
    packetsReceived: 0,
    jitterMs: null,
    bytesReceived: 0,
    framesPerSecond: null,
  };
  for (const entry of entries.values()) {
    if (entry.type === 'inbound-rtp') {
      sample.packetsLost += Math.max(0, num(entry.packetsLost));
      sample.packetsReceived += num(entry.packetsReceived);
      sample.bytesReceived += num(entry.bytesReceived);
      if (typeof entry.jitter === 'number')
        sample.jitterMs = Math.max(sample.jitterMs ?? 0, Math.round(entry.jitter * 1000));
      if (entry.kind === 'video' && typeof entry.framesPerSecond === 'number')
        sample.framesPerSecond = entry.framesPerSecond;
    }
    if (entry.type === 'transport' && typeof entry.selectedCandidatePairId === 'string') {
      const pair = entries.get(entry.selectedCandidatePairId);
      if (pair && typeof pair.currentRoundTripTime === 'number')
        sample.roundTripTimeMs = Math.round(pair.currentRoundTripTime * 1000);
    }
  }
  return sample;
}

/** Polls one peer connection until `stop()` and reports the details on every change. */
export class CallDetailsReporter {
  #details: CallDetails = { verificationCode: null, quality: null, poorStreak: 0, deviceFallback: null };
  #samples: QualitySample[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #codeFor = '';
  readonly #startedAtMs = performance.timeOrigin + performance.now();

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly onDetails: (details: CallDetails) => void,
    private readonly log: Logger,
  ) {
    this.#timer = setInterval(() => void this.#poll(), pollMs);
  }

  get details(): CallDetails {
    return this.#details;
  }

  /** The summary stored with the call at hang up (null before the first sample). */
  summary(): CallQualitySummary | null {
    return summarizeQuality(this.#samples);
  }

  /** Update the details from outside the poll (a device fallback). */
  patch(change: Partial<CallDetails>): void {
    this.#details = { ...this.#details, ...change };
    this.onDetails(this.#details);
  }

  /** Poll now (the connection just came up: show the code without waiting for the next tick). */
  refresh(): void {
    void this.#poll();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #poll(): Promise<void> {
    if (this.pc.connectionState === 'closed') return this.stop();
    try {
      await this.#updateCode();
      const state = this.pc.connectionState;
      if (state !== 'connected' && state !== 'disconnected') return this.onDetails(this.#details);
      const sample = toQualitySample(await this.pc.getStats(), this.#startedAtMs);
      const previous = this.#samples.at(-1);
      this.#samples.push(sample);
      if (this.#samples.length > maxSamples) this.#samples.splice(1, 1);
      if (!previous) return this.onDetails(this.#details);
      const rated = rateQuality(previous, sample);
      // Loss is counted from packets that arrive: when nothing arrives (an outage, a disconnected
      // transport) the figures look fine, so an interval without a single byte is poor by itself.
      const stalled = state === 'disconnected' || sample.bytesReceived === previous.bytesReceived;
      const quality = stalled ? { ...rated, level: 'poor' as const } : rated;
      const poorStreak = quality.level === 'poor' ? this.#details.poorStreak + 1 : 0;
      if (poorStreak === poorIntervalsBeforeNotice) this.log.warn('poor connection', { ...quality });
      this.patch({ quality, poorStreak });
    } catch (error) {
      this.log.warn('call details poll failed', { error: String(error) });
    }
  }

  /** Recomputed when a renegotiation changes a description (the fingerprints stay the same). */
  async #updateCode(): Promise<void> {
    const local = this.pc.localDescription?.sdp;
    const remote = this.pc.remoteDescription?.sdp;
    if (!local || !remote || this.#codeFor === local + remote) return;
    this.#codeFor = local + remote;
    this.#details = { ...this.#details, verificationCode: await verificationCode(local, remote) };
  }
}
