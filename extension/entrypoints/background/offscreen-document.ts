/**
 * The one offscreen document (media and peer connection). Created through one shared promise
 * after checking chrome.runtime.getContexts, so concurrent callers never race two creations.
 */
import { sendMessage } from '../../lib/messages';
import type { MessageInput, Responses, workerToOffscreen } from '../../lib/messages';

type OffscreenMessageType = keyof (typeof workerToOffscreen)['table'];

const offscreenPath = 'offscreen.html';
let creating: Promise<void> | null = null;
let closing: Promise<void> | null = null;

/** True while the offscreen document is open. */
export async function offscreenExists(): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [chrome.runtime.getURL(offscreenPath)],
  });
  return contexts.length > 0;
}

/** Make sure the offscreen document exists (creating it at most once at a time). */
export async function ensureOffscreenDocument(): Promise<void> {
  if (closing) await closing;
  if (await offscreenExists()) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: offscreenPath,
      reasons: [
        chrome.offscreen.Reason.USER_MEDIA,
        chrome.offscreen.Reason.WEB_RTC,
        chrome.offscreen.Reason.AUDIO_PLAYBACK,
        // Issue 14: getDisplayMedia (screen share) runs here too (offscreen/screen-share.ts says why).
        chrome.offscreen.Reason.DISPLAY_MEDIA,
      ],
      justification:
        'Camera, microphone, screen share and the peer connection of a call, the call audio and the ringtone.',
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

/** Close the offscreen document: the surest way every track and connection is released. */
export async function closeOffscreenDocument(): Promise<void> {
  if (creating) await creating.catch(() => undefined);
  if (!(await offscreenExists())) return;
  closing ??= chrome.offscreen.closeDocument().finally(() => {
    closing = null;
  });
  await closing;
}

let remoteSignals: Promise<unknown> = Promise.resolve();

/**
 * Send a message to the offscreen document if it exists (null when it does not). Remote signals
 * go strictly one after another: an ICE restart's candidates must not overtake its description.
 */
export async function askOffscreen<T extends OffscreenMessageType>(
  message: MessageInput<T>,
): Promise<Responses[T] | null> {
  const send = async () => ((await offscreenExists()) ? sendMessage(message) : null);
  if (message.type !== 'offscreen:remote-signal') return send();
  const next = remoteSignals.then(send);
  remoteSignals = next.catch(() => undefined);
  return next;
}

/** Create the document if needed, then send it a message. */
export async function tellOffscreen<T extends OffscreenMessageType>(
  message: MessageInput<T>,
): Promise<Responses[T]> {
  await ensureOffscreenDocument();
  return sendMessage(message);
}
