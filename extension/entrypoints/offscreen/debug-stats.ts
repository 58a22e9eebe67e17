/** e2e build only: the offscreen half of the worker's debug surface (its `stats()` and `capture()`). */
import { listenForMessages } from '../../lib/messages/channel';
import { debugToOffscreen } from '../../lib/messages/debug';
import type { CallMedia } from './call-media';
import type { ScreenShareMedia } from './screen-share';
import type { VideoRelay } from './video-relay';

/**
 * Answer the worker's debug requests: the peer connection's statistics, the share's, the live
 * capture, the relays' sources.
 */
export function answerDebugRequests(
  media: CallMedia,
  share: ScreenShareMedia,
  relay: VideoRelay,
  signal: AbortSignal,
): void {
  const captured = recordCaptures();
  listenForMessages(
    debugToOffscreen(),
    {
      'debug:get-stats': async () => ({ ok: true, stats: await media.stats() }),
      'debug:get-share-stats': async () => ({ ok: true, stats: await share.stats() }),
      'debug:get-capture': async () => ({ ok: true, live: liveKinds(captured) }),
      'debug:get-relays': async () => ({ ok: true, relays: relay.modes() }),
    },
    signal,
  );
}

/**
 * Every stream this document's getUserMedia returns, whoever asked for it: what `capture()` reports
 * cannot miss a capture some code path opened without CallMedia knowing (the camera light is on
 * while any such track is live).
 */
function recordCaptures(): Set<MediaStream> {
  const streams = new Set<MediaStream>();
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    streams.add(stream);
    return stream;
  };
  return streams;
}

function liveKinds(streams: Set<MediaStream>): ('audio' | 'video')[] {
  const kinds = new Set<'audio' | 'video'>();
  for (const stream of streams) {
    const tracks = stream.getTracks();
    for (const track of tracks)
      if (track.readyState === 'live') kinds.add(track.kind === 'video' ? 'video' : 'audio');
    if (tracks.every((track) => track.readyState === 'ended')) streams.delete(stream);
  }
  return [...kinds].sort();
}
