/**
 * The one offscreen document (media and peer connection). Created through one shared promise
 * after checking chrome.runtime.getContexts, so concurrent callers never race two creations.
 * Whether it is open is remembered between messages (issue 12: a getContexts round trip before
 * every message waited on a browser busy starting the camera); a message that finds no receiver
 * forgets it, so a document that went away is looked for, and made, again.
 */
import { maxRemoteSignalsPerMessage, sendMessage } from '../../lib/messages';
import type { LocalSignal, MessageInput, Responses, workerToOffscreen } from '../../lib/messages';

type OffscreenMessageType = keyof (typeof workerToOffscreen)['table'];

const offscreenPath = 'offscreen.html';
let creating: Promise<void> | null = null;
let closing: Promise<void> | null = null;
/** Whether the document is open as far as this worker knows; null: ask the browser. */
let knownOpen: boolean | null = null;

/** True while the offscreen document is open. */
export async function offscreenExists(): Promise<boolean> {
  if (knownOpen !== null && !creating && !closing) return knownOpen;
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [chrome.runtime.getURL(offscreenPath)],
  });
  knownOpen = contexts.length > 0;
  return knownOpen;
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
    .then(() => {
      knownOpen = true;
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
  closing ??= chrome.offscreen
    .closeDocument()
    .then(() => {
      knownOpen = false;
    })
    .finally(() => {
      closing = null;
    });
  await closing;
}

/** Send to the document; an answer saying nobody received it makes the next send look again. */
async function sendToDocument<T extends OffscreenMessageType>(
  message: MessageInput<T>,
): Promise<Responses[T]> {
  const answer = await sendMessage(message);
  if (!answer.ok && answer.error === 'unreachable') knownOpen = null;
  return answer;
}

/** Send a message to the offscreen document if it exists (null when it does not). */
export async function askOffscreen<T extends OffscreenMessageType>(
  message: MessageInput<T>,
): Promise<Responses[T] | null> {
  return (await offscreenExists()) ? sendToDocument(message) : null;
}

/** Create the document if needed, then send it a message (once more if it had gone meanwhile). */
export async function tellOffscreen<T extends OffscreenMessageType>(
  message: MessageInput<T>,
): Promise<Responses[T]> {
  await ensureOffscreenDocument();
  const answer = await sendToDocument(message);
  if (answer.ok || answer.error !== 'unreachable') return answer;
  await ensureOffscreenDocument();
  return sendToDocument(message);
}

const remoteSignals: LocalSignal[] = [];
let sendingSignals = false;

/**
 * The peer's signals go to the document strictly in order (an ICE restart's candidates must not
 * overtake its description), one message at a time; what arrives while one is on its way goes in
 * the next, together. On Accept a burst of candidates comes while the browser starts the camera,
 * and a round trip each put ~30 ms between them (issue 12, docs/benchmarks.md).
 */
export function sendRemoteSignal(signal: LocalSignal): void {
  remoteSignals.push(signal);
  if (!sendingSignals) void sendRemoteSignals();
}

async function sendRemoteSignals(): Promise<void> {
  sendingSignals = true;
  try {
    while (remoteSignals.length > 0) {
      const signals = remoteSignals.splice(0, maxRemoteSignalsPerMessage);
      await askOffscreen({ type: 'offscreen:remote-signals', signals });
    }
  } finally {
    sendingSignals = false;
  }
}
