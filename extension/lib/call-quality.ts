/**
 * Call quality from WebRTC getStats samples: a level the overlay shows (good / fair / poor),
 * the details behind it, and the summary stored with the call at hang up.
 */
import * as z from 'zod/mini';
import type { CallQualitySummary } from '../../protocol';

export const QualityLevelSchema = z.enum(['good', 'fair', 'poor']);
export type QualityLevel = z.infer<typeof QualityLevelSchema>;

/** The figures one getStats poll yields, already reduced from the report (null when unknown). */
export interface QualitySample {
  /** Seconds since the call started, from the stats timestamp. */
  at: number;
  roundTripTimeMs: number | null;
  /** Cumulative inbound packets lost and received (audio + video). */
  packetsLost: number;
  packetsReceived: number;
  jitterMs: number | null;
  /** Cumulative inbound bytes (audio + video). */
  bytesReceived: number;
  framesPerSecond: number | null;
}

/** The rating of one interval, as the overlay receives it (lib/ports.ts `CallDetailsSchema`). */
export const QualityReportSchema = z.object({
  level: QualityLevelSchema,
  roundTripTimeMs: z.nullable(z.number()),
  /** Loss over the last interval, percent. */
  lossPercent: z.number(),
  jitterMs: z.nullable(z.number()),
  bitrateKbps: z.number(),
  framesPerSecond: z.nullable(z.number()),
});
export type QualityReport = z.infer<typeof QualityReportSchema>;

// Thresholds follow the usual VoIP guidance: RTT under 300 ms and loss under 2% is good;
// past 500 ms or 8% loss conversation and video break down.
const fair = { roundTripTimeMs: 300, lossPercent: 2, jitterMs: 30 } as const;
const poor = { roundTripTimeMs: 500, lossPercent: 8, jitterMs: 80 } as const;

/** Rates the interval between two consecutive samples. */
export function rateQuality(previous: QualitySample, current: QualitySample): QualityReport {
  const lostDelta = Math.max(0, current.packetsLost - previous.packetsLost);
  const receivedDelta = Math.max(0, current.packetsReceived - previous.packetsReceived);
  const expected = lostDelta + receivedDelta;
  const lossPercent = expected === 0 ? 0 : (lostDelta / expected) * 100;
  const seconds = Math.max(0.001, current.at - previous.at);
  const bitrateKbps = (Math.max(0, current.bytesReceived - previous.bytesReceived) * 8) / seconds / 1000;
  const worse = (limits: typeof fair | typeof poor): boolean =>
    (current.roundTripTimeMs ?? 0) > limits.roundTripTimeMs ||
    lossPercent > limits.lossPercent ||
    (current.jitterMs ?? 0) > limits.jitterMs;
  const level: QualityLevel = worse(poor) ? 'poor' : worse(fair) ? 'fair' : 'good';
  return {
    level,
    roundTripTimeMs: current.roundTripTimeMs,
    lossPercent: round(lossPercent),
    jitterMs: current.jitterMs,
    bitrateKbps: round(bitrateKbps),
    framesPerSecond: current.framesPerSecond,
  };
}

// Defined beside the overlay's zod/mini schemas (no zod classic in the overlay, issue 12).
export { poorIntervalsBeforeNotice } from './overlay-wire';

export type { CallQualitySummary };

/** The summary stored with the call at hang up, from the first and last samples and every RTT seen. */
export function summarizeQuality(samples: readonly QualitySample[]): CallQualitySummary | null {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return null;
  const rtts = samples.map((sample) => sample.roundTripTimeMs).filter((rtt): rtt is number => rtt !== null);
  const expected = last.packetsLost + last.packetsReceived;
  return {
    durationS: round(last.at - first.at),
    averageRoundTripTimeMs: rtts.length === 0 ? null : round(rtts.reduce((a, b) => a + b, 0) / rtts.length),
    lossPercent: expected === 0 ? 0 : round((last.packetsLost / expected) * 100),
  };
}

const round = (value: number): number => Math.round(value * 10) / 10;
