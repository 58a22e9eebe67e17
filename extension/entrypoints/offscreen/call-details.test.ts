import { afterEach, describe, expect, it, vi } from 'vitest';
import { poorIntervalsBeforeNotice } from '../../lib/call-quality';
import type { CallDetails } from '../../lib/ports';
import { CallDetailsReporter } from './call-details';

const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

/** A connected peer connection whose stats show the given RTT and a steady packet flow. */
function fakePeerConnection(roundTripTimeS: () => number) {
  let packets = 0;
  return {
    connectionState: 'connected',
    localDescription: { sdp: 'v=0\r\na=fingerprint:sha-256 AA:BB:CC\r\n' },
    remoteDescription: { sdp: 'v=0\r\na=fingerprint:sha-256 DD:EE:FF\r\n' },
    getStats: async () => {
      packets += 100;
      return new Map<string, object>([
        ['t', { id: 't', type: 'transport', selectedCandidatePairId: 'p' }],
        ['p', { id: 'p', type: 'candidate-pair', currentRoundTripTime: roundTripTimeS() }],
        [
          'in',
          {
            id: 'in',
            type: 'inbound-rtp',
            kind: 'audio',
            packetsReceived: packets,
            packetsLost: 0,
            bytesReceived: packets * 100,
            jitter: 0.002,
          },
        ],
      ]);
    },
  } as unknown as RTCPeerConnection;
}

afterEach(() => vi.useRealTimers());

// The reporter hashes fingerprints with crypto.subtle, which fake timers do not drive: advance one
// poll at a time and let that real work finish before the next (a lost race made this flaky).
const realSetTimeout = setTimeout;
async function advancePolls(count: number): Promise<void> {
  for (let poll = 0; poll < count; poll++) {
    await vi.advanceTimersByTimeAsync(2_000);
    await new Promise((resolve) => realSetTimeout(resolve, 5));
  }
}

describe('CallDetailsReporter', () => {
  it('reports the verification code and a level every 2 s, and counts poor intervals in a row', async () => {
    vi.useFakeTimers();
    let rtt = 0.02;
    const seen: CallDetails[] = [];
    const reporter = new CallDetailsReporter(
      fakePeerConnection(() => rtt),
      (details) => seen.push(details),
      log,
    );
    await advancePolls(2);
    const good = seen.at(-1)!;
    expect(good.verificationCode).toHaveLength(5);
    expect(good.quality).toMatchObject({ level: 'good', roundTripTimeMs: 20, lossPercent: 0 });

    rtt = 0.9;
    await advancePolls(poorIntervalsBeforeNotice);
    expect(seen.at(-1)).toMatchObject({ quality: { level: 'poor' }, poorStreak: poorIntervalsBeforeNotice });

    rtt = 0.02;
    await advancePolls(1);
    expect(seen.at(-1)).toMatchObject({ quality: { level: 'good' }, poorStreak: 0 });
    expect(reporter.summary()).toMatchObject({ lossPercent: 0, durationS: expect.any(Number) });
    reporter.stop();
  });

  it('rates an interval in which nothing arrived as poor (an outage shows no loss)', async () => {
    vi.useFakeTimers();
    const pc = fakePeerConnection(() => 0.02);
    const getStats = pc.getStats.bind(pc);
    let frozen: Awaited<ReturnType<typeof getStats>> | null = null;
    const seen: CallDetails[] = [];
    const reporter = new CallDetailsReporter(
      Object.assign(pc, { getStats: async () => frozen ?? getStats() }),
      (details) => seen.push(details),
      log,
    );
    await advancePolls(2);
    expect(seen.at(-1)?.quality?.level).toBe('good');
    // The next poll still sees the packets of this snapshot; the two after it see nothing new.
    frozen = await getStats();
    await advancePolls(3);
    expect(seen.at(-1)).toMatchObject({ quality: { level: 'poor', lossPercent: 0 }, poorStreak: 2 });
    reporter.stop();
  });
});
