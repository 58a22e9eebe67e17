import { chromium } from '@playwright/test';
import {
  expectAudioFlowing,
  expectCalling,
  expectPhase,
  expectRemoteVideo,
  expectRinging,
  startCall,
  userClick,
} from './fixtures/call.js';
import { expect, test as base } from './fixtures/index.js';
import { chromiumPath } from './fixtures/profile.js';
import { serviceAvailable } from '../scripts/services/index.js';
import { startRingsideWithTurn, type TurnSetup } from './turn/ringside-with-turn.js';

/**
 * Issue 6.1: TURN that works. A real coturn on loopback (use-auth-secret), a Ringside server that
 * hands out its short-lived credentials with ICE_TRANSPORT_POLICY=relay and no STUN, and a call
 * that must go through the relay: the selected candidate pair is a relay pair on both sides.
 */
const test = base.extend<{ turn: TurnSetup }>({
  // eslint-disable-next-line no-empty-pattern
  turn: async ({}, use, testInfo) => {
    const turn = await startRingsideWithTurn();
    await use(turn);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('server-log', { body: turn.server.output(), contentType: 'text/plain' });
    }
    await turn.stop();
  },
  // Every fixture built on `server` (createUser, connect, signedInDevice) talks to the TURN-configured one.
  server: async ({ turn }, use) => {
    await use(turn.server);
  },
});

test.skip(!serviceAvailable('coturn') && process.env.CI !== 'true', 'coturn (turnserver) is not installed');

interface IceServersBody {
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  ttl: number;
  iceTransportPolicy?: string;
}

async function iceServers(serverUrl: string, token: string): Promise<IceServersBody> {
  const res = await fetch(`${serverUrl}/api/ice-servers`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as IceServersBody;
}

test('TURN control: the server-issued credentials relay media through coturn (plain page, relay only)', async ({
  turn,
  createUser,
}) => {
  const user = await createUser('carol', 'Carol Cole');
  const body = await iceServers(turn.server.url, user.token);
  expect(body.iceTransportPolicy).toBe('relay');
  expect(body.iceServers).toHaveLength(1);
  expect(body.iceServers[0]).toMatchObject({ urls: [turn.turnEnv.TURN_URLS] });
  expect(body.iceServers[0]!.username).toMatch(/^\d+:/);

  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    const result = await page.evaluate(async (servers) => {
      const config: RTCConfiguration = { iceServers: servers as RTCIceServer[], iceTransportPolicy: 'relay' };
      const a = new RTCPeerConnection(config);
      const b = new RTCPeerConnection(config);
      a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
      b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
      // A canvas stream: no camera permission needed on about:blank, and frames keep coming.
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 120;
      const ctx = canvas.getContext('2d')!;
      const draw = setInterval(() => {
        ctx.fillStyle = `hsl(${Date.now() % 360} 80% 50%)`;
        ctx.fillRect(0, 0, 160, 120);
      }, 33);
      const stream = canvas.captureStream(30);
      stream.getTracks().forEach((t) => a.addTrack(t, stream));
      const gotTrack = new Promise<void>((resolve) => (b.ontrack = () => resolve()));
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      await gotTrack;
      const deadline = Date.now() + 15_000;
      while (a.connectionState !== 'connected' && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const state = a.connectionState;
      await new Promise((r) => setTimeout(r, 1_500));
      const stats = await b.getStats();
      let pair: { localType?: string; remoteType?: string; localAddress?: string } = {};
      let framesDecoded = 0;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) {
          const p = stats.get(s.selectedCandidatePairId);
          const local = stats.get(p.localCandidateId);
          const remote = stats.get(p.remoteCandidateId);
          pair = {
            localType: local?.candidateType,
            remoteType: remote?.candidateType,
            localAddress: local?.address,
          };
        }
        if (s.type === 'inbound-rtp' && s.kind === 'video') framesDecoded = s.framesDecoded ?? 0;
      });
      clearInterval(draw);
      a.close();
      b.close();
      return { state, ...pair, framesDecoded };
    }, body.iceServers);
    expect(result).toMatchObject({
      state: 'connected',
      localType: 'relay',
      remoteType: 'relay',
      localAddress: '127.0.0.1',
    });
    expect(result.framesDecoded).toBeGreaterThan(0);
  } finally {
    await browser.close();
  }
  // The relay candidate is coturn's relay address: 127.0.0.1 (relay-ip), reached with the server's
  // HMAC credentials; a wrong secret makes coturn answer 401 and no relay candidate is gathered.
});

test('TURN: a video call between two extension profiles goes through coturn (relay candidate pair)', async ({
  turn,
  sites,
  createUser,
  connect,
  signedInDevice,
}) => {
  const aliceUser = await createUser('alice', 'Alice Archer');
  const bobUser = await createUser('bob', 'Bob Baker');
  await connect(aliceUser, bobUser);
  expect((await iceServers(turn.server.url, aliceUser.token)).iceTransportPolicy).toBe('relay');
  // Side by side: most of a device's set-up is Chromium starting and a sign-in round trip.
  const [alice, bob] = await Promise.all([
    signedInDevice(aliceUser, sites.a),
    signedInDevice(bobUser, `${sites.a}/other.html`),
  ]);

  await startCall(alice, 'Bob Baker', 'video');
  await expectCalling(alice, 'Bob Baker');
  const bobOverlay = await expectRinging(bob, 'Alice Archer', 'video');
  await userClick(bobOverlay.getByRole('button', { name: 'Accept', exact: true }));
  await expectPhase(alice, 'active', 30_000);
  await expectPhase(bob, 'active', 30_000);

  for (const device of [alice, bob]) {
    await expect
      .poll(async () => (await device.profile.stats())?.connectionState, {
        message: `${device.profile.label}: peer connection`,
      })
      .toBe('connected');
    const stats = await device.profile.stats();
    // The whole point of ICE_TRANSPORT_POLICY=relay: no host or srflx candidate may be used.
    expect(
      { local: stats?.localCandidateType, remote: stats?.remoteCandidateType },
      `${device.profile.label}: the selected candidate pair must be a relay pair (iceTransportPolicy 'relay' from /api/ice-servers)`,
    ).toEqual({ local: 'relay', remote: 'relay' });
  }
  await expectRemoteVideo(bob);
  await expectRemoteVideo(alice);
  await expectAudioFlowing(bob);
  await expectAudioFlowing(alice);

  await userClick((await alice.profile.overlay(alice.page)).getByRole('button', { name: 'Hang up' }));
  await expect
    .poll(async () => (await bob.profile.callState()).phase, { message: 'bob: call ends' })
    .toMatch(/^(ended|idle)$/);
});
