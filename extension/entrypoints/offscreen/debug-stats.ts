/** e2e build only: the offscreen half of the worker's debug surface (its `stats()`). */
import { listenForMessages } from '../../lib/messages/channel';
import { debugToOffscreen } from '../../lib/messages/debug';
import type { CallMedia } from './call-media';
import type { ScreenShareMedia } from './screen-share';

/** Answer the worker's debug requests for the peer connection's statistics. */
export function answerDebugRequests(media: CallMedia, share: ScreenShareMedia, signal: AbortSignal): void {
  listenForMessages(
    debugToOffscreen(),
    {
      'debug:get-stats': async () => ({ ok: true, stats: await media.stats() }),
      'debug:get-share-stats': async () => ({ ok: true, stats: await share.stats() }),
    },
    signal,
  );
}
