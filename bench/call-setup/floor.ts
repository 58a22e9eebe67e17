/**
 * The browser's own floor for call set-up, measured in the same run as Ringside's calls: two
 * RTCPeerConnections in one plain web page of a headless Chromium of the same binary with the same
 * flags (same fake camera and microphone) as the profiles, but without the extension and its own
 * process, so it cannot disturb the calls (its camera is released between samples).
 * Per sample: `createOffer` -> both connections `connected`, and -> the first decoded remote frame
 * (requestVideoFrameCallback on a <video> playing the remote track, as the overlay's probe does).
 * The camera is opened before the clock starts and closed after each sample.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumBaseArgs } from '../../e2e/fixtures/profile.js';

export interface FloorSample {
  /** createOffer -> both peer connections `connected` (ms). */
  connected: number;
  /** createOffer -> first decoded remote video frame (ms). */
  firstFrame: number;
}

/** Runs in the page: one in-page call set-up, returns its timings. */
function inPageFloor(): Promise<FloorSample> {
  const capture = navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: true },
    video: { width: 640, height: 480 },
  });
  return capture.then(async (stream) => {
    const a = new RTCPeerConnection({ iceServers: [] });
    const b = new RTCPeerConnection({ iceServers: [] });
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.width = 320;
    video.height = 240;
    document.body.append(video);
    a.onicecandidate = ({ candidate }) => void b.addIceCandidate(candidate ?? undefined).catch(() => {});
    b.onicecandidate = ({ candidate }) => void a.addIceCandidate(candidate ?? undefined).catch(() => {});
    const bothConnected = Promise.all(
      [a, b].map(
        (pc) =>
          new Promise<number>((resolve) => {
            pc.addEventListener('connectionstatechange', () => {
              if (pc.connectionState === 'connected') resolve(performance.now());
            });
          }),
      ),
    ).then((times) => Math.max(...times));
    const firstFrame = new Promise<number>((resolve) => {
      b.ontrack = ({ track, streams }) => {
        if (track.kind !== 'video') return;
        video.srcObject = streams[0] ?? new MediaStream([track]);
        video.requestVideoFrameCallback(() => resolve(performance.now()));
        void video.play().catch(() => {});
      };
    });
    const start = performance.now();
    for (const track of stream.getTracks()) a.addTrack(track, stream);
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('floor timeout')), 15_000),
    );
    const [connectedAt, frameAt] = await Promise.race([Promise.all([bothConnected, firstFrame]), timeout]);
    a.close();
    b.close();
    for (const track of stream.getTracks()) track.stop();
    video.remove();
    return { connected: Math.round(connectedAt - start), firstFrame: Math.round(frameAt - start) };
  });
}

/** The floor's browser and its plain page (`url`: a test site page, a secure context on loopback). */
export async function openFloorPage(
  executablePath: string,
  url: string,
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [...chromiumBaseArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  const page = await browser.newPage();
  // tsx (esbuild keepNames) may wrap inner functions in `__name(...)`, which pages do not have.
  await page.addInitScript({ content: 'var __name = globalThis.__name || ((f) => f);' });
  await page.goto(url);
  return { browser, page };
}

/** One floor sample in `page`. */
export async function measureFloor(page: Page): Promise<FloorSample | undefined> {
  return page.evaluate(inPageFloor).catch((error: unknown) => {
    console.warn(`[bench:setup] floor sample failed: ${String(error)}`);
    return undefined;
  });
}
