/// <reference types="chrome" />
/**
 * Shared steps of the reliability suite (issue 4). Everything here drives real processes:
 * CDP on the real browser, signals to the real server process, the real extension UI.
 */
import { expect, type CDPSession, type Frame, type Page } from '@playwright/test';
import {
  clickInOverlay,
  expectAudioFlowing,
  expectPhase,
  expectRinging,
  startCall,
  type Device,
} from '../fixtures/call.js';
import type { CallState, CallStats, Profile } from '../fixtures/profile.js';

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
  await expectRinging(bob, alice.displayName, media);
  await clickInOverlay(bob, 'Accept');
  await expectPhase(alice, 'active', 30_000);
  await expectPhase(bob, 'active', 30_000);
  await expectAudioFlowing(alice, 30_000);
  await expectAudioFlowing(bob, 30_000);
  const aliceOverlay = await alice.profile.overlay(alice.page);
  const bobOverlay = await bob.profile.overlay(bob.page);
  const state = await alice.profile.callState();
  expect(state.callId, 'the active call has an id').toBeTruthy();
  expect((await bob.profile.callState()).callId).toBe(state.callId);
  return { callId: state.callId!, aliceOverlay, bobOverlay };
}

/**
 * The extension's service worker as Chromium reports it over CDP (the `ServiceWorker` domain of a
 * page's session). Playwright's `Worker` objects are no use here: after a CDP stop Playwright keeps
 * listing the stopped worker and never reports the restart.
 */
export class WorkerWatch {
  /** Every running-status change of the extension's worker, with its time. */
  readonly history: { at: number; status: string }[] = [];

  private constructor(
    private readonly cdp: CDPSession,
    private readonly label: string,
  ) {}

  static async attach(profile: Profile, page: Page): Promise<WorkerWatch> {
    const cdp = await profile.context.newCDPSession(page);
    const watch = new WorkerWatch(cdp, profile.label);
    const script = profile.extensionUrl('background.js');
    cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
      for (const version of event.versions) {
        if (version.scriptURL !== script) continue;
        const last = watch.history.at(-1)?.status;
        if (version.runningStatus !== last)
          watch.history.push({ at: Date.now(), status: version.runningStatus });
      }
    });
    await cdp.send('ServiceWorker.enable');
    await expect
      .poll(() => watch.status, { message: `${profile.label}: worker status known`, timeout: 10_000 })
      .not.toBe('unknown');
    return watch;
  }

  get status(): string {
    return this.history.at(-1)?.status ?? 'unknown';
  }

  /** How many times the worker went from stopped to running. */
  get starts(): number {
    return this.history.filter((h, i) => h.status === 'running' && i > 0).length;
  }

  /** A real stop (ARCHITECTURE.md): CDP `ServiceWorker.stopAllWorkers`; resolves once it is stopped. */
  async stop(): Promise<number> {
    const sentAt = Date.now();
    await this.cdp.send('ServiceWorker.stopAllWorkers');
    // The offscreen document's keepalive can start the worker again within milliseconds of the stop
    // (R-F1 wants exactly that), so look for the stop in the history, not in the latest status.
    const stopped = () => this.history.find((entry) => entry.at >= sentAt && entry.status === 'stopped');
    await expect
      .poll(() => !!stopped(), {
        message: `${this.label}: worker should stop`,
        timeout: 10_000,
        intervals: [50],
      })
      .toBe(true);
    return stopped()!.at;
  }

  /** Waits (without sending the worker anything) until it runs again; returns when it did. */
  async waitRunning(timeout: number, message: string): Promise<number> {
    await expect
      .poll(() => this.status, { message: `${this.label}: ${message}`, timeout, intervals: [100] })
      .toBe('running');
    return this.history.at(-1)!.at;
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
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
  // A state with no calls may be absent from the gauge: report it as 0.
  const out: Record<string, number> = { ringing: 0, active: 0 };
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

/** The worker's full call snapshot (ui-contract.md lists the phase; the snapshot carries more). */
export type FullCallState = CallState & {
  localAudio?: boolean;
  localVideo?: boolean;
  remoteAudio?: boolean;
  remoteVideo?: boolean;
};

export async function fullCallState(profile: Profile): Promise<FullCallState> {
  return (await profile.callState()) as FullCallState;
}
