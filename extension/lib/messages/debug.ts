/**
 * The e2e build's debug channel (`wxt build --mode e2e`): the worker's debug surface asks the
 * offscreen document for its peer connection's statistics. Only code behind
 * `import.meta.env.MODE === 'e2e'` uses it, so the production bundles hold none of it
 * (scripts/check-production-build.mjs proves that on every `npm test`).
 */
import * as z from 'zod/mini';
import type { CallSnapshot } from '../call-state';
import { defineChannel } from './channel';
import { CallStatsSchema } from './payloads';
import type { CallStats } from './payloads';
import { isWorkerSender } from './senders';

/** The screen share's figures (issue 14): the peer's share as received, ours as sent. */
export interface ShareStats {
  receivedFramesDecoded: number;
  receivedAudioLevel: number | null;
  receivedAudioBytes: number;
  sentFramesEncoded: number;
  sentAudioBytes: number;
}
const shareStatsSchema = () =>
  z.object({
    receivedFramesDecoded: z.number(),
    receivedAudioLevel: z.nullable(z.number()),
    receivedAudioBytes: z.number(),
    sentFramesEncoded: z.number(),
    sentAudioBytes: z.number(),
  }) satisfies z.ZodMiniType<ShareStats>;

/** The overlay relays' sources of the peer's video (issue 12): forwarded frames, or encoded here. */
export interface RelayModes {
  forwarded: number;
  encoded: number;
}

const defineDebugChannel = () =>
  defineChannel('debug-to-offscreen', isWorkerSender, {
    'debug:get-stats': { request: {}, response: { stats: z.nullable(CallStatsSchema) } },
    'debug:get-share-stats': { request: {}, response: { stats: z.nullable(shareStatsSchema()) } },
    'debug:get-capture': { request: {}, response: { live: z.array(z.enum(['audio', 'video'])) } },
    'debug:get-relays': {
      request: {},
      response: { relays: z.object({ forwarded: z.number(), encoded: z.number() }) },
    },
  });

let channel: ReturnType<typeof defineDebugChannel> | undefined;

/**
 * The channel, built on first use: a definition at module level runs zod calls that bundlers
 * keep (they may have side effects), and with them this file's names, in production bundles.
 */
export function debugToOffscreen() {
  channel ??= defineDebugChannel();
  return channel;
}

/** What the e2e fixtures call through Playwright's `serviceWorker.evaluate` (ui-contract.md). */
export interface RingsideDebug {
  /** The worker's call snapshot, once its persisted state is loaded. */
  callState(): Promise<CallSnapshot>;
  /** The offscreen peer connection's statistics, or null when there is no call. */
  stats(): Promise<CallStats | null>;
  /** The screen share's statistics (issue 14), or null when there is no call. */
  shareStats(): Promise<ShareStats | null>;
  /**
   * Kinds of the offscreen document's capture tracks that are live right now (camera light and
   * microphone in use), from every getUserMedia stream it opened; [] when there is no document.
   */
  capture(): Promise<('audio' | 'video')[]>;
  /** How many overlay relays forward the peer's video and how many encode it; null: no document. */
  relays(): Promise<RelayModes | null>;
}

/** The global the e2e build's worker sets. */
export const debugGlobalName = 'ringsideDebug';
