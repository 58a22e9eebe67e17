/** Who sent a runtime message: the checks the channels name as their allowed senders. */
import type { Sender } from './channel';

/** True when the sender is a page of this extension (never a content script or a web page). */
export function isExtensionSender(sender: Sender): boolean {
  return sender.id === chrome.runtime.id && (sender.url ?? '').startsWith(chrome.runtime.getURL(''));
}

/** True when the sender is the offscreen document (the only source of media events). */
export function isOffscreenSender(sender: Sender): boolean {
  return (
    sender.id === chrome.runtime.id && !sender.tab && sender.url === chrome.runtime.getURL('offscreen.html')
  );
}

/** True when the sender is the service worker (the only one that drives the media). */
export function isWorkerSender(sender: Sender): boolean {
  return (
    sender.id === chrome.runtime.id && !sender.tab && sender.url === chrome.runtime.getURL('background.js')
  );
}
