/** Service worker -> offscreen document: media, the peer connection and the ringtone. */
import * as z from 'zod/mini';
import { CallQualitySummarySchema, ScreenShareSchema } from '../../../protocol';
import { AudioProcessingSchema } from '../audio-processing';
import { defineChannel } from './channel';
import { MediaSetupSchema, RecordingFileNameSchema, RecordingUrlSchema, SignalSchema } from './payloads';
import { isWorkerSender } from './senders';

/** At most this many signals per `offscreen:remote-signals` (a call's candidates are a few dozen). */
export const maxRemoteSignalsPerMessage = 64;

/** Only the service worker drives the media (never a page, a content script or the popup). */
export const workerToOffscreen = defineChannel('worker-to-offscreen', isWorkerSender, {
  'offscreen:create-offer': { request: MediaSetupSchema.shape, response: { sdp: z.string() } },
  'offscreen:create-answer': {
    request: { ...MediaSetupSchema.shape, offerSdp: z.string(), audioOnly: z.boolean() },
    response: { sdp: z.string() },
  },
  /** While ringing (issue 12): apply the offer so Accept only answers; nothing leaves the device. */
  'offscreen:prepare-answer': {
    request: { ...MediaSetupSchema.shape, offerSdp: z.string() },
    response: {},
  },
  /** Resolves once the call's capture (started beside the offer or answer) is on: false = media_failed. */
  'offscreen:capture-ready': { request: {}, response: {} },
  /**
   * The peer's signals in the order they came (answer, candidates, renegotiations): several in one
   * message when they arrived while the previous message was on its way (issue 12). Answered once
   * queued: the document applies them in order, and the worker does not wait for WebRTC.
   */
  'offscreen:remote-signals': {
    request: {
      signals: z.array(SignalSchema).check(z.minLength(1), z.maxLength(maxRemoteSignalsPerMessage)),
    },
    response: {},
  },
  'offscreen:set-media': { request: { audio: z.boolean(), video: z.boolean() }, response: {} },
  'offscreen:ringtone': { request: { playing: z.boolean() }, response: {} },
  'offscreen:stop': { request: {}, response: {} },
  'offscreen:quality-summary': { request: {}, response: { summary: z.nullable(CallQualitySummarySchema) } },
  'offscreen:switch-device': {
    request: { kind: z.enum(['audio', 'video', 'speaker']), deviceId: z.string().check(z.maxLength(256)) },
    response: {},
  },
  // Issue 14: getDisplayMedia here (the picker), the share on its own transceivers; the peer's share shown.
  'offscreen:start-share': { request: {}, response: { share: ScreenShareSchema } },
  'offscreen:stop-share': { request: {}, response: {} },
  'offscreen:remote-share': { request: { share: z.nullable(ScreenShareSchema) }, response: {} },
  /** Microphone processing changed in the popup mid-call (offscreen/audio-processing.ts). */
  'offscreen:audio-processing': {
    request: { processing: AudioProcessingSchema },
    response: { applied: z.nullable(AudioProcessingSchema) },
  },
  // Issue 15: the recorder (both voices mixed, the call's video composed on a canvas); the file comes
  // back as `offscreen:recording-ready`, and its blob URL is released once the download is done.
  'offscreen:start-recording': {
    request: { fileName: RecordingFileNameSchema, video: z.boolean() },
    response: {},
  },
  'offscreen:stop-recording': { request: {}, response: {} },
  'offscreen:release-recording': { request: { url: RecordingUrlSchema }, response: {} },
});
