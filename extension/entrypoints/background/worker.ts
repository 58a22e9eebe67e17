/**
 * Composition root of the service worker. Listeners are registered synchronously (so events can
 * wake a stopped worker); state is rebuilt from chrome.storage and the server's `session` event.
 */
import { createLogger } from '../../lib/log';
import {
  dispatch,
  isExtensionSender,
  isOffscreenSender,
  listenForMessages,
  MessageSchema,
} from '../../lib/messages';
import type { Handlers } from '../../lib/messages';
import { Account } from './account';
import {
  clearIncomingNotification,
  listenForCommands,
  listenForNotificationButtons,
  showIncomingNotification,
} from './call-alerts';
import { CallController } from './call-controller';
import { Connection, reconnectAlarm } from './connection';
import { createOffscreenEventHandlers, createWorkerHandlers } from './message-handlers';
import { askOffscreen, tellOffscreen } from './offscreen-document';
import { OverlayPlacement } from './overlay-placement';
import { loadLocalState, loadSessionState, saveSessionState } from './persisted-state';
import { Preferences } from './preferences';
import { TrustedFrames } from './trusted-frames';
import { UiPorts } from './ui-ports';

/** Start every part of the worker; everything stops when `signal` aborts. */
export function startWorker(signal: AbortSignal): void {
  const log = createLogger('worker');
  const trustedFrames = new TrustedFrames();
  const ui = new UiPorts(trustedFrames, signal);
  const popupsChanged = () => ui.notifyPopups({ kind: 'app-changed' });
  const preferences = new Preferences(popupsChanged);
  const connection = new Connection(log, popupsChanged, signal);
  const callLog = createLogger('call');
  const calls = new CallController({
    log: callLog,
    signaling: () => connection.signaling,
    iceServers: () => connection.iceServers(),
    devices: () => preferences.devices,
    media: { ask: askOffscreen, tell: tellOffscreen },
    placement: (wanted) => new OverlayPlacement(wanted, trustedFrames, callLog, signal),
    alerts: { showIncoming: showIncomingNotification, clearIncoming: clearIncomingNotification },
    store: { save: saveSessionState },
    onMissedCall: () => preferences.addMissedCall(),
    signal,
  });
  calls.onChange((call) => ui.publishCall(call));
  const account = new Account(preferences, connection, calls, ui, log);

  const ready = (async () => {
    const [local, session] = await Promise.all([loadLocalState(), loadSessionState()]);
    calls.restore(session.call, session.session);
    account.resume(local);
    log.info('worker started', { signedIn: !!local.user, phase: calls.call.phase });
  })();

  const workerHandlers = afterReady(createWorkerHandlers(account, calls, trustedFrames), ready);
  listenForMessages(workerHandlers, signal);
  // Media events are believed only from the offscreen document, never from another extension page.
  listenForMessages(afterReady(createOffscreenEventHandlers(calls), ready), signal, isOffscreenSender);
  answerOwnMessages(workerHandlers);
  listenForNotificationButtons(
    {
      accept: () => void ready.then(() => calls.acceptCall(false)),
      decline: () => void ready.then(() => calls.declineCall()),
      show: () => void ready.then(() => calls.placement.place()),
    },
    signal,
  );
  // Registered synchronously so the alarm wakes a stopped worker; waking is the whole point.
  const onAlarm = (alarm: chrome.alarms.Alarm) => {
    if (alarm.name === reconnectAlarm)
      void ready.then(() => log.info('woken by alarm', { connection: connection.status }));
  };
  chrome.alarms.onAlarm.addListener(onAlarm);
  signal.addEventListener('abort', () => chrome.alarms.onAlarm.removeListener(onAlarm));
  listenForCommands(
    {
      accept: () => void ready.then(() => calls.acceptCall(false)),
      hangUp: () => void ready.then(() => calls.hangUp()),
    },
    signal,
  );
}

/** Wrap handlers so they run only once the persisted state has been loaded. */
function afterReady(handlers: Handlers, ready: Promise<void>): Handlers {
  const wrapped: Record<string, unknown> = {};
  for (const [type, handler] of Object.entries(handlers)) {
    wrapped[type] = async (message: never, sender: chrome.runtime.MessageSender) => {
      await ready;
      return (handler as (m: never, s: chrome.runtime.MessageSender) => Promise<unknown>)(message, sender);
    };
  }
  return wrapped as Handlers;
}

/**
 * Chrome never delivers a context's own runtime messages to itself, yet the e2e hooks
 * (`call:get-state`, `media:get-stats`) are sent from the worker: answer those in process.
 */
function answerOwnMessages(handlers: Handlers): void {
  const send = chrome.runtime.sendMessage.bind(chrome.runtime) as (...args: unknown[]) => Promise<unknown>;
  const self: chrome.runtime.MessageSender = {
    id: chrome.runtime.id,
    url: chrome.runtime.getURL('background.js'),
  };
  const ownSendMessage = (...args: unknown[]): Promise<unknown> | undefined => {
    const message = args.find((arg) => typeof arg === 'object' && arg !== null);
    const type = (message as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string' || !(type in handlers) || typeof args[0] === 'string') return send(...args);
    const callback = args.find((arg) => typeof arg === 'function') as ((answer: unknown) => void) | undefined;
    const parsed = MessageSchema.safeParse(message);
    const answer =
      parsed.success && isExtensionSender(self)
        ? dispatch(handlers, parsed.data, self)
        : Promise.resolve({ ok: false, error: 'invalid' });
    if (!callback) return answer;
    void answer.then(callback);
    return undefined;
  };
  Object.defineProperty(chrome.runtime, 'sendMessage', {
    value: ownSendMessage,
    configurable: true,
    writable: true,
  });
}
