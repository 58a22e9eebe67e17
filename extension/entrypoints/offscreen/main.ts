/** The offscreen document: media and the peer connection, driven by the worker's messages. */
import { createLogger } from '../../lib/log';
import { listenForMessages, sendMessage, workerToOffscreen } from '../../lib/messages';
import { CallMedia } from './call-media';
import { CallRecorder } from './call-recorder';
import { answerDebugRequests } from './debug-stats';
import { RemoteSignalQueue } from './remote-signal-queue';
import { Ringtone } from './ringtone';
import { ScreenShareMedia } from './screen-share';
import { VideoRelay } from './video-relay';
import { lifetimes } from '../../lib/lifetimes';

const log = createLogger('offscreen');
// The document lives while the user is signed in (not only during calls) and wakes the worker
// every `lifetimes.offscreenKeepAliveMs` (R-F1).
const lifetime = new AbortController();
const relay = new VideoRelay(log, lifetime.signal);
const ringtone = new Ringtone();
const media = new CallMedia(relay, document.getElementById('remote-audio') as HTMLAudioElement, log);
const remoteSignals = new RemoteSignalQueue((signal) => media.applyRemote(signal), log);
// Issue 14: the screen share rides the call's peer connection; its sound has an element of its own.
const share = new ScreenShareMedia(
  { peer: () => media.peerConnection, showRemoteCamera: (exceptMid) => media.showRemoteCamera(exceptMid) },
  relay,
  document.getElementById('share-audio') as HTMLAudioElement,
  () => void sendMessage({ type: 'offscreen:share-ended' }),
  log,
);
// Issue 15: the recording is made here, never in a page; the worker saves the file.
const recorder = new CallRecorder(
  () => media.recordingTracks(),
  (file) => void sendMessage({ type: 'offscreen:recording-ready', ...file }),
  () => void sendMessage({ type: 'offscreen:recording-failed' }),
  log,
);

listenForMessages(
  workerToOffscreen,
  {
    'offscreen:create-offer': async (message) => {
      ringtone.stop();
      return media.createOffer(message);
    },
    'offscreen:create-answer': async (message) => {
      ringtone.stop();
      return media.createAnswer(message);
    },
    'offscreen:prepare-answer': async (message) => media.prepareAnswer(message),
    'offscreen:capture-ready': async () =>
      (await media.captureReady()) ? { ok: true } : { ok: false, error: 'media_failed' },
    'offscreen:remote-signals': async (message) => {
      remoteSignals.push(message.signals);
      return { ok: true };
    },
    'offscreen:set-media': async (message) =>
      (await media.setSending(message.audio, message.video))
        ? { ok: true }
        : { ok: false, error: 'media_failed' },
    'offscreen:ringtone': async (message) => {
      if (message.playing) ringtone.start();
      else ringtone.stop();
      return { ok: true };
    },
    'offscreen:stop': async () => {
      // First: the recorder keeps what it has (the file is saved after the call's media are gone).
      recorder.stop();
      ringtone.stop();
      share.stopAll();
      media.stop();
      return { ok: true };
    },
    'offscreen:quality-summary': async () => ({ ok: true, summary: media.qualitySummary() }),
    'offscreen:switch-device': async (message) =>
      (await media.switchDevice(message.kind, message.deviceId))
        ? { ok: true }
        : { ok: false, error: 'no_such_track' },
    'offscreen:start-share': async () => share.start(),
    'offscreen:stop-share': async () => {
      share.stop();
      return { ok: true };
    },
    'offscreen:remote-share': async (message) => {
      share.showRemote(message.share);
      return { ok: true };
    },
    'offscreen:start-recording': async (message) => recorder.start(message.fileName, message.video),
    'offscreen:stop-recording': async () => {
      recorder.stop();
      return { ok: true };
    },
    'offscreen:release-recording': async (message) => {
      recorder.release(message.url);
      return { ok: true };
    },
    'offscreen:audio-processing': async (message) => ({
      ok: true,
      applied: await media.setAudioProcessing(message.processing),
    }),
  },
  lifetime.signal,
);
// Test builds only (`wxt build --mode e2e`): the production bundle has none of it.
if (import.meta.env.MODE === 'e2e') answerDebugRequests(media, share, relay, lifetime.signal);
const keepalive = setInterval(
  () => void sendMessage({ type: 'offscreen:keepalive' }),
  lifetimes.offscreenKeepAliveMs,
);
lifetime.signal.addEventListener('abort', () => clearInterval(keepalive));
window.addEventListener('pagehide', () => {
  recorder.stop();
  share.stopAll();
  media.stop();
  lifetime.abort();
});
log.info('offscreen document ready');
