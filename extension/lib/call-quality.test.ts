import { describe, expect, it } from 'vitest';
import { rateQuality, summarizeQuality, type QualitySample } from './call-quality';

const sample = (overrides: Partial<QualitySample>): QualitySample => ({
  at: 0,
  roundTripTimeMs: 40,
  packetsLost: 0,
  packetsReceived: 0,
  jitterMs: 5,
  bytesReceived: 0,
  framesPerSecond: 30,
  ...overrides,
});

describe('rateQuality', () => {
  it('rates a clean interval good and computes its bitrate', () => {
    const report = rateQuality(sample({}), sample({ at: 2, packetsReceived: 200, bytesReceived: 250_000 }));
    expect(report.level).toBe('good');
    expect(report.bitrateKbps).toBe(1000);
    expect(report.lossPercent).toBe(0);
  });

  it('rates 5% loss fair and 10% loss poor', () => {
    const previous = sample({ packetsReceived: 1000, packetsLost: 0 });
    expect(rateQuality(previous, sample({ at: 1, packetsReceived: 1095, packetsLost: 5 })).level).toBe(
      'fair',
    );
    expect(rateQuality(previous, sample({ at: 1, packetsReceived: 1090, packetsLost: 10 })).level).toBe(
      'poor',
    );
  });

  it('rates a long round trip poor even without loss', () => {
    expect(rateQuality(sample({}), sample({ at: 1, roundTripTimeMs: 800 })).level).toBe('poor');
  });
});

describe('summarizeQuality', () => {
  it('averages RTT and reports overall loss', () => {
    const summary = summarizeQuality([
      sample({ at: 10, roundTripTimeMs: 20 }),
      sample({ at: 70, roundTripTimeMs: null }),
      sample({ at: 130, roundTripTimeMs: 40, packetsReceived: 990, packetsLost: 10 }),
    ]);
    expect(summary).toEqual({ durationS: 120, averageRoundTripTimeMs: 30, lossPercent: 1 });
  });

  it('has nothing to say without samples', () => {
    expect(summarizeQuality([])).toBeNull();
  });
});
