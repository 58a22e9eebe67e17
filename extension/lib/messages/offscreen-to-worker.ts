/** Offscreen document -> service worker: media events, the keep-alive and the video relay's frame check. */
import * as z from 'zod/mini';
import { defineChannel } from './channel';
import { RecordingFileNameSchema, RecordingUrlSchema, SignalSchema } from './payloads';
import { isOffscreenSender } from './senders';

/** Media events are believed only from the offscreen document, never from another extension page. */
export const offscreenToWorker = defineChannel('offscreen-to-worker', isOffscreenSender, {
  'offscreen:local-signal': { request: SignalSchema.shape, response: {} },
  'offscreen:connection': { request: { state: z.string().check(z.maxLength(32)) }, response: {} },
  // Delivering it is the point: it restarts a stopped worker, which reconnects its socket (R-F1).
  'offscreen:keepalive': { request: {}, response: {} },
  // The shared surface went away (Chrome's "Stop sharing", the shared tab or window closed).
  'offscreen:share-ended': { request: {}, response: {} },
  // Issue 15: a finished recording (a blob URL of this extension's offscreen document) to download,
  // or the recorder broke mid-way.
  'offscreen:recording-ready': {
    request: {
      url: RecordingUrlSchema,
      fileName: RecordingFileNameSchema,
      bytes: z.number().check(z.int(), z.gte(0)),
    },
    response: {},
  },
  'offscreen:recording-failed': { request: {}, response: {} },
  'overlay:check-frame': {
    request: {
      tabId: z.number().check(z.int()),
      frameId: z.number().check(z.int()),
      url: z.string().check(z.maxLength(2048)),
    },
    response: { trusted: z.boolean() },
  },
});
