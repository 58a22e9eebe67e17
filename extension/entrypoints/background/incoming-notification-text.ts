/**
 * The words of the notification that rings where no overlay can: the display name anyone can pick,
 * then the `@username` only one user has, on both lines so a system that cuts one still shows it
 * (issue 10). Pure (message keys, extension/locales `notification.*`): call-alerts.ts translates.
 */
import type { CallSnapshot } from '../../lib/call-state';
import type { Message } from '../../lib/translate';

export function incomingNotificationText(call: CallSnapshot): { title: Message; message: Message } {
  const video = call.media === 'video';
  if (!call.peer)
    return {
      title: { key: 'notification.someone' },
      message: { key: video ? 'notification.video' : 'notification.audio' },
    };
  return {
    title: { key: 'notification.incoming', values: [call.peer.displayName, call.peer.username] },
    message: {
      key: video ? 'notification.videoFrom' : 'notification.audioFrom',
      values: [call.peer.username],
    },
  };
}
