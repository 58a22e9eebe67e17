/// <reference types="chrome" />
/**
 * Shared steps of the reliability suite (issue 4). Everything here drives real processes:
 * CDP on the real browser, signals to the real server process, the real extension UI.
 */
import { expect, type CDPSession, type Frame, type Page, type Worker } from '@playwright/test';
import { expectAudioFlowing, expectPhase, expectRinging, startCall, type Device } from '../fixtures/call.js';
import type { CallStats, Profile } from '../fixtures/profile.js';

/** A two-party call set up through the UI: Alice calls, Bob accepts in his overlay. */
export interface EstablishedCall {
  callId: string;
  aliceOverlay: Frame;
  bobOverlay: Frame;
}

export async function establishCall(
  alice: Device,
  bob: Device,
  media: 'audio' | 'video' = 'audio',
): Promise<EstablishedCall> {
  await startCall(alice, bob.displayName, media);
  const bobOverlay = await expectRinging(bob, alice.displayName, media);
  await bobOverlay.getByRole('button', { name: 'Accept', exact: true }).click();
  await expectPhase(alice, 'active', 30_000);
  await expectPhase(bob, 'active', 30_000);
  await expectAudioFlowing(alice, 30_000);
  await expectAudioFlowing(bob, 30_000);
  const aliceOverlay = await alice.profile.overlay(alice.page);
  const state = await alice.profile.callState();
  expect(state.callId, 'the active call has an id').toBeTruthy();
  expect((await bob.profile.callState()).callId).toBe(state.callId);
  return { callId: state.callId!, aliceOverlay, bobOverlay };
}

/** The extension's current service worker, without waking or waiting for one (null when stopped). */
export function liveWorker(profile: Profile): Worker | null {
  const prefix = profile.extensionUrl('');
  return profile.context.serviceWorkers().find((w) => w.url().startsWith(prefix)) ?? null;
}

/**
 * A real service-worker stop: CDP `ServiceWorker.stopAllWorkers` from a page's CDP session
 * (ARCHITECTURE.md). Resolves once Playwright saw the old worker close.
 */
export async function stopServiceWorker(profile: Profile, page: Page): Promise<void> {
  const old = liveWorker(profile);
  const closed = old ? new Promise<void>((resolve) => old.once('close', () => resolve())) : Promise.resolve();
  const cdp = await profile.context.newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
  await Promise.race([
    closed,
    new Promise((_, reject) => setTimeout(() => reject(new Error('worker did not stop')), 15_000)),
  ]);
}

/** Waits for a worker to be running again, without sending it anything; returns the ms it took. */
export async function waitForWorkerBack(profile: Profile, sinceMs: number, timeout: number): Promise<number> {
  await expect
    .poll(() => !!liveWorker(profile), {
      message: `${profile.label}: the service worker should come back by itself`,
      timeout,
      intervals: [100],
    })
    .toBe(true);
  return Date.now() - sinceMs;
}

/** Inbound media counters of one device: audio bytes and decoded video frames both rise. */
export async function expectMediaRising(
  device: Device,
  what: { video?: boolean; timeout?: number } = {},
): Promise<CallStats> {
  let first: CallStats | null = null;
  let last: CallStats | null = null;
  await expect
    .poll(
      async () => {
        last = await device.profile.stats();
        if (!last) return 'no stats';
        first ??= last;
        const audio = last.audioBytesReceived > first.audioBytesReceived;
        const video = !what.video || last.videoFramesDecoded > first.videoFramesDecoded;
        return audio && video
          ? 'rising'
          : `audio ${first.audioBytesReceived}->${last.audioBytesReceived}, frames ${first.videoFramesDecoded}->${last.videoFramesDecoded}, ${last.connectionState}`;
      },
      {
        message: `${device.profile.label}: inbound media should keep rising`,
        timeout: what.timeout ?? 20_000,
        intervals: [500],
      },
    )
    .toBe('rising');
  return last!;
}

/** A browser-level CDP view of the offscreen document (not a Playwright page). */
export async function offscreenTargets(
  profile: Profile,
  page: Page,
): Promise<{ url: string; type: string }[]> {
  const cdp: CDPSession = await profile.context.newCDPSession(page);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { url: string; type: string }[];
    };
    return targetInfos.filter((t) => t.url === profile.extensionUrl('offscreen.html'));
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Polls `GET /metrics` for the calls the server holds per state. */
export async function serverCallsByState(serverUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const match of text.matchAll(/^ringside_calls\{state="([a-z_]+)"\} (\d+(?:\.\d+)?)$/gm)) {
    out[match[1]!] = Number(match[2]);
  }
  return out;
}

export async function connectedSockets(serverUrl: string): Promise<number> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const match = /^ringside_connected_sockets (\d+)/m.exec(text);
  return match ? Number(match[1]) : -1;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
