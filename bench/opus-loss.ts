/**
 * Opus under 10 % random loss (issue 15): concealed-samples ratio at the receiver with Ringside's
 * audio settings (RED first, Opus FEC + DTX: extension/entrypoints/offscreen/opus-settings.ts)
 * against Chrome's defaults (Opus with FEC, no RED, no DTX) and against Opus with FEC off.
 *
 * Two Chromium processes: "alice" on the host, "bob" inside a network namespace
 * (e2e/reliability/netns.ts, a veth to the host). nftables in the namespace drops 10 % of the UDP
 * bob receives, at random (`numgen random mod 100 < 10`); this kernel has no netem. Each side is a plain
 * page with one RTCPeerConnection sending a beeping WebAudio tone (talk spurts and pauses, so DTX
 * has silence to skip); SDP goes through Playwright, non-trickle. The modes run interleaved, in
 * the same browsers, `--reps` times; figures are bob's inbound-rtp audio stats after `--seconds`.
 *
 *   sudo npx tsx bench/opus-loss.ts [--seconds 20] [--reps 2] [--loss 10]
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium, type Browser, type Page } from '@playwright/test';
import { preferRed, withOpusFecDtx } from '../extension/entrypoints/offscreen/opus-settings.js';
import { chromiumPath } from '../e2e/fixtures/profile.js';
import { createNetNs, netnsAvailable, type NetNs } from '../e2e/reliability/netns.js';

type Mode = 'fec-off' | 'chrome-default' | 'ringside';
const modes: Mode[] = ['fec-off', 'chrome-default', 'ringside'];

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const seconds = arg('seconds', 20);
const reps = arg('reps', 2);
const lossPercent = arg('loss', 10);

const browserArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--autoplay-policy=no-user-gesture-required',
  // Plain pages without a camera grant hide host addresses behind mDNS, which does not cross the veth.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

/**
 * 10 % (or `--loss`) of the UDP bob *receives* is dropped at random, in bob's namespace only. On
 * the way in, not out: a packet the output hook drops fails the sender's sendmsg (EPERM), which
 * Chrome sees and counts as not sent, so the receiver saw ~2 % loss instead of 10 % (tried here).
 */
function loseUdp(ns: NetNs, percent: number): void {
  const nft = (...args: string[]) => execFileSync('ip', ['netns', 'exec', ns.name, 'nft', ...args]);
  nft('add', 'table', 'inet', 'ringside_loss');
  nft('add', 'chain', 'inet', 'ringside_loss', 'in', '{ type filter hook input priority 0; }');
  // numgen random mod 100 < percent: a fresh random number per packet.
  nft(
    'add',
    'rule',
    'inet',
    'ringside_loss',
    'in',
    'meta',
    'l4proto',
    'udp',
    'numgen',
    'random',
    'mod',
    '100',
    '<',
    String(percent),
    'counter',
    'drop',
  );
}

/** A page with one peer connection sending a beeping tone; the mode's settings as Ringside would apply them. */
async function preparePeer(page: Page, mode: Mode): Promise<void> {
  await page.setContent('<!doctype html><title>opus-loss</title>');
  await page.addScriptTag({
    content: `window.withOpusFecDtx = ${withOpusFecDtx.toString()}; window.preferRed = ${preferRed.toString()};`,
  });
  await page.evaluate((m) => {
    const w = window as unknown as Record<string, unknown>;
    const context = new AudioContext();
    const tone = context.createOscillator();
    tone.frequency.value = 440;
    const gain = context.createGain();
    const destination = context.createMediaStreamDestination();
    tone.connect(gain).connect(destination);
    tone.start();
    // 600 ms of tone, 400 ms of silence: talk spurts and pauses.
    const start = context.currentTime;
    for (let t = 0; t < 600; t += 1) {
      gain.gain.setValueAtTime(0.3, start + t);
      gain.gain.setValueAtTime(0, start + t + 0.6);
    }
    const pc = new RTCPeerConnection({ iceServers: [] });
    const [track] = destination.stream.getAudioTracks();
    pc.addTrack(track!, destination.stream);
    if (m === 'ringside')
      for (const transceiver of pc.getTransceivers())
        (w.preferRed as (t: RTCRtpTransceiver) => void)(transceiver);
    // Received audio must be played out: NetEq (and its concealment counters) runs only when pulled.
    pc.ontrack = ({ track: remote }) => {
      const player = new Audio();
      player.srcObject = new MediaStream([remote]);
      void player.play();
    };
    w.pc = pc;
    w.mode = m;
    w.remoteSdp = (sdp: string) =>
      m === 'ringside'
        ? (w.withOpusFecDtx as (s: string) => string)(sdp)
        : m === 'fec-off'
          ? sdp.replace(/useinbandfec=1/g, 'useinbandfec=0')
          : sdp;
  }, mode);
}

/** setLocalDescription and wait for ICE gathering to complete (non-trickle). */
const describe = (page: Page, type: 'offer' | 'answer') =>
  page.evaluate(async (kind) => {
    const pc = (window as unknown as { pc: RTCPeerConnection }).pc;
    await pc.setLocalDescription(kind === 'offer' ? await pc.createOffer() : await pc.createAnswer());
    if (pc.iceGatheringState !== 'complete')
      await new Promise<void>((resolve) => {
        pc.addEventListener(
          'icegatheringstatechange',
          () => pc.iceGatheringState === 'complete' && resolve(),
        );
        setTimeout(resolve, 5_000);
      });
    return pc.localDescription!.sdp;
  }, type);

const applyRemote = (page: Page, type: 'offer' | 'answer', sdp: string) =>
  page.evaluate(
    async ([kind, text]) => {
      const w = window as unknown as {
        pc: RTCPeerConnection;
        remoteSdp: (s: string) => string;
        mode: string;
      };
      await w.pc.setRemoteDescription({ type: kind as RTCSdpType, sdp: w.remoteSdp(text!) });
      if (w.mode === 'ringside' && kind === 'offer')
        for (const transceiver of w.pc.getTransceivers())
          (window as unknown as { preferRed: (t: RTCRtpTransceiver) => void }).preferRed(transceiver);
    },
    [type, sdp] as const,
  );

interface Figures {
  mode: Mode;
  codec: string;
  concealedRatio: number;
  audibleConcealedRatio: number;
  lossRatio: number;
  reportedLoss: number;
  fecPackets: number;
  sentKbps: number;
}

async function runOnce(alice: Browser, bob: Browser, mode: Mode): Promise<Figures> {
  const [a, b] = [await alice.newPage(), await bob.newPage()];
  try {
    await preparePeer(a, mode);
    await preparePeer(b, mode);
    // Bob (lossy side) offers, alice answers; both send, bob's receiver is measured.
    await applyRemote(a, 'offer', await describe(b, 'offer'));
    await applyRemote(b, 'answer', await describe(a, 'answer'));
    await a.waitForFunction(
      () => (window as unknown as { pc: RTCPeerConnection }).pc.connectionState === 'connected',
      null,
      { timeout: 20_000 },
    );
    await b.waitForTimeout(seconds * 1000);
    const inbound = await b.evaluate(async () => {
      const stats = [
        ...(await (window as unknown as { pc: RTCPeerConnection }).pc.getStats()).values(),
      ] as Record<string, unknown>[];
      const rtp = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio')!;
      const codec = stats.find((s) => s.id === rtp.codecId);
      return { ...rtp, codec: (codec?.mimeType as string) ?? '?' } as Record<string, number> & {
        codec: string;
      };
    });
    const outbound = await a.evaluate(async () => {
      const stats = [
        ...(await (window as unknown as { pc: RTCPeerConnection }).pc.getStats()).values(),
      ] as Record<string, unknown>[];
      const rtp = stats.find((s) => s.type === 'outbound-rtp' && s.kind === 'audio')!;
      const codec = stats.find((s) => s.id === rtp.codecId);
      return { ...rtp, codec: (codec?.mimeType as string) ?? '?' } as Record<string, number | undefined> & {
        codec: string;
      };
    });
    const n = (value: number | undefined) => value ?? 0;
    const total = n(inbound.totalSamplesReceived) || 1;
    return {
      mode,
      codec: `${outbound.codec} -> ${inbound.codec}`,
      concealedRatio: n(inbound.concealedSamples) / total,
      audibleConcealedRatio: (n(inbound.concealedSamples) - n(inbound.silentConcealedSamples)) / total,
      // Sent by alice vs received by bob (the receiver's packetsLost misses losses before its first packet and after its last).
      lossRatio: 1 - n(inbound.packetsReceived) / Math.max(1, n(outbound.packetsSent)),
      reportedLoss: n(inbound.packetsLost) / Math.max(1, n(inbound.packetsLost) + n(inbound.packetsReceived)),
      fecPackets: n(inbound.fecPacketsReceived),
      sentKbps: ((outbound.bytesSent ?? 0) * 8) / 1000 / seconds,
    };
  } finally {
    await a.close();
    await b.close();
  }
}

async function main(): Promise<void> {
  const missing = netnsAvailable();
  if (missing) throw new Error(`network namespaces unavailable: ${missing}`);
  const loadBefore = loadavg();
  const ns = await createNetNs();
  let alice: Browser | undefined;
  let bob: Browser | undefined;
  try {
    loseUdp(ns, lossPercent);
    alice = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: browserArgs });
    bob = await chromium.launch({ executablePath: ns.chromium, headless: true, args: browserArgs });
    const results: Figures[] = [];
    for (let rep = 1; rep <= reps; rep++)
      for (const mode of modes) {
        const figures = await runOnce(alice, bob, mode);
        results.push(figures);
        console.info(JSON.stringify({ rep, ...figures }));
      }
    const mean = (mode: Mode, key: keyof Figures) => {
      const rows = results.filter((row) => row.mode === mode);
      return rows.reduce((sum, row) => sum + (row[key] as number), 0) / rows.length;
    };
    const baseline = mean('chrome-default', 'concealedRatio');
    console.info(
      `\n${lossPercent}% random loss on the UDP bob receives, ${seconds} s per run, ${reps} runs per mode`,
    );
    console.info(
      '| mode | send codec | concealed ratio | audible concealed | vs chrome-default | packet loss | FEC packets | sent kbit/s |',
    );
    console.info('|---|---|---|---|---|---|---|---|');
    for (const mode of modes) {
      const codec = results.find((row) => row.mode === mode)?.codec ?? '?';
      const concealed = mean(mode, 'concealedRatio');
      console.info(
        `| ${mode} | ${codec} | ${(concealed * 100).toFixed(2)} % | ${(mean(mode, 'audibleConcealedRatio') * 100).toFixed(2)} % | ${(concealed / baseline).toFixed(2)} | ${(mean(mode, 'lossRatio') * 100).toFixed(1)} % | ${mean(mode, 'fecPackets').toFixed(0)} | ${mean(mode, 'sentKbps').toFixed(1)} |`,
      );
    }
    const ruleset = execFileSync('ip', ['netns', 'exec', ns.name, 'nft', 'list', 'ruleset']).toString();
    console.info(`nftables in bob's namespace: ${/counter packets \d+/u.exec(ruleset)?.[0] ?? '?'} dropped`);
    console.info(
      `load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await alice?.close();
    await bob?.close();
    await ns.remove();
  }
}

await main();
