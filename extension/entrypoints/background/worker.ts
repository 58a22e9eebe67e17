/**
 * Composition root of the service worker. Listeners are registered synchronously (so events can
 * wake a stopped worker); state is rebuilt from chrome.storage and the server's `session` event.
 */
import { createLogger } from '../../lib/log';
import {
  fromTrustedFrame,
  listenForMessages,
  offscreenToWorker,
  overlayToWorker,
  uiToWorker,
} from '../../lib/messages';
import { Account, reconnectAlarm } from './account';
import { listenForCommands, listenForNotificationButtons } from './call-alerts';
import { CallController } from './call-controller';
import { exposeDebugSurface } from './debug-surface';
import {
  createCallControlHandlers,
  createOffscreenEventHandlers,
  createUiHandlers,
} from './message-handlers';
import { loadLocalState, loadSessionState } from './persisted-state';
import { TrustedFrames } from './trusted-frames';
import { UiPorts } from './ui-ports';

/** Start every part of the worker; everything stops when `signal` aborts. */
export function startWorker(signal: AbortSignal): void {
  const log = createLogger('worker');
  const trustedFrames = new TrustedFrames();
  const ui = new UiPorts(() => calls.call, trustedFrames, signal);
  const calls: CallController = new CallController({
    log: createLogger('call'),
    signaling: () => account.signaling,
    api: () => account.api,
    devices: () => account.devices,
    onCallChange: (call) => ui.publishCall(call),
    onMissedCall: () => account.addMissedCall(),
    trustedFrames,
    signal,
  });
  const account = new Account(() => calls, ui, log, signal);

  const ready = (async () => {
    const [local, session] = await Promise.all([loadLocalState(), loadSessionState()]);
    calls.restore(session.call, session.offer, session.signalingOpen);
    account.resume(local);
    log.info('worker started', { signedIn: !!local.user, phase: calls.call.phase });
  })();

  listenForMessages(uiToWorker, afterReady(createUiHandlers(account, calls), ready), signal);
  listenForMessages(
    overlayToWorker,
    afterReady(createCallControlHandlers(calls), ready),
    signal,
    fromTrustedFrame(trustedFrames),
  );
  listenForMessages(
    offscreenToWorker,
    afterReady(createOffscreenEventHandlers(calls, trustedFrames), ready),
    signal,
  );
  // Test builds only (`wxt build --mode e2e`): the production bundle has none of it.
  if (import.meta.env.MODE === 'e2e') exposeDebugSurface(calls, ready);
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
      void ready.then(() => log.info('woken by alarm', { connection: account.connection }));
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
function afterReady<H extends object>(handlers: H, ready: Promise<void>): H {
  const wrapped: Record<string, unknown> = {};
  for (const [type, handler] of Object.entries(handlers)) {
    wrapped[type] = async (message: never, sender: chrome.runtime.MessageSender) => {
      await ready;
      return (handler as (m: never, s: chrome.runtime.MessageSender) => Promise<unknown>)(message, sender);
    };
  }
  return wrapped as H;
}
