/**
 * Issue 15, audio on lossy networks: in a call between two Ringside clients RED (redundant audio)
 * is the negotiated first audio codec in both descriptions, and the peer's description carries
 * Opus FEC and DTX (what our sender follows); audio still flows. The loss figures are in
 * docs/benchmarks.md (bench/opus-loss.ts).
 */
import { type Device } from '../fixtures/call.js';
import { expect, test } from '../fixtures/index.js';
import { onOffscreenObjects } from '../quality/offscreen-cdp.js';
import { establishCall } from '../reliability/helpers.js';

interface AudioNegotiation {
  localFirst: string | null;
  remoteFirst: string | null;
  remoteOpusFmtp: string | null;
}

/** The call's peer connection (the one sending a microphone): first audio codec of each description, the peer's Opus fmtp. */
const audioNegotiation = async (device: Device): Promise<AudioNegotiation[]> =>
  (await onOffscreenObjects(
    device.profile,
    device.page,
    'RTCPeerConnection',
    `function () {
      const first = (sdp) => {
        const pt = (/^m=audio \\S+ \\S+ (\\d+)/m.exec(sdp) || [])[1];
        return pt ? ((new RegExp('^a=rtpmap:' + pt + ' ([^/]+)', 'm').exec(sdp) || [])[1] || null) : null;
      };
      return this.filter((pc) => pc.connectionState !== 'closed' &&
          pc.getSenders().some((s) => s.track && s.track.kind === 'audio'))
        .map((pc) => {
          const remote = pc.remoteDescription ? pc.remoteDescription.sdp : '';
          const opus = (/^a=rtpmap:(\\d+) opus\\/48000\\/2/im.exec(remote) || [])[1];
          const fmtp = opus ? (new RegExp('^a=fmtp:' + opus + ' (.*)$', 'm').exec(remote) || [])[1] : null;
          return {
            localFirst: first(pc.localDescription ? pc.localDescription.sdp : ''),
            remoteFirst: first(remote),
            remoteOpusFmtp: fmtp ? fmtp.trim() : null,
          };
        });
    }`,
  )) as AudioNegotiation[];

test('both sides negotiate RED first and send Opus with FEC and DTX', async ({
  aliceAndBob: { alice, bob },
}) => {
  test.setTimeout(150_000);
  await establishCall(alice, bob, 'audio');
  for (const device of [alice, bob]) {
    const negotiation = await audioNegotiation(device);
    console.info(`${device.displayName}: ${JSON.stringify(negotiation)}`);
    expect(negotiation).toHaveLength(1);
    expect(negotiation[0]!.localFirst?.toLowerCase()).toBe('red');
    expect(negotiation[0]!.remoteFirst?.toLowerCase()).toBe('red');
    expect(negotiation[0]!.remoteOpusFmtp).toContain('useinbandfec=1');
    expect(negotiation[0]!.remoteOpusFmtp).toContain('usedtx=1');
  }
});
