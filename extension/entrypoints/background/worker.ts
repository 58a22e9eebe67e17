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
import { Account } from './account';
import {
  clearIncomingNotification,
  listenForCommands,
  listenForNotificationButtons,
  showIncomingNotification,
} from './call-alerts';
import { CallController } from './call-controller';
import { Connection, reconnectAlarm } from './connection';
import { exposeDebugSurface } from './debug-surface';
import {
  createCallControlHandlers,
  createOffscreenEventHandlers,
  createUiHandlers,
} from './message-handlers';
import { askOffscreen, sendRemoteSignal, tellOffscreen } from './offscreen-document';
import { OverlayPlacement } from './overlay-placement';
import { loadLocalState, loadSessionState, saveSessionState } from './persisted-state';
import { Preferences } from './preferences';
import { TrustedFrames } from './trusted-frames';
import { UiPorts } from './ui-ports';
import { PopupViewCache } from './popup-view-cache';
import { deferUpdates } from './update-deferral';
import type { WorkerStarted } from '../../lib/overlay-wire';

/** Start every part of the worker; everything stops when `signal` aborts. */
export function startWorker(signal: AbortSignal): void {
  const log = createLogger('worker');
  // The session token is in storage.local: only the extension's own pages and worker may read it,
  // never a content script (it runs in the page's renderer process). Applied before anything is read.
  void chrome.storage.local
    .setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' })
    .catch((error: unknown) => log.warn('storage.local access level not set', { error: String(error) }));
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
    audioProcessing: () => preferences.state.audioProcessing,
    media: { ask: askOffscreen, tell: tellOffscreen, signal: sendRemoteSignal },
    placement: (wanted) => new OverlayPlacement(wanted, trustedFrames, callLog, signal),
    alerts: { showIncoming: showIncomingNotification, clearIncoming: clearIncomingNotification },
    store: { save: saveSessionState },
    onMissedCall: () => preferences.addMissedCall(),
    signal,
  });
  calls.onChange((call) => ui.publishCall(call));
  calls.onChange((call) => connection.setInCall(call.phase !== 'idle' && call.phase !== 'ended'));
  const account = new Account(preferences, connection, calls, ui, log);
  const popupView = new PopupViewCache(() => account.snapshot(), log);
  ui.onPopupNotice((message) => {
    if (message.kind === 'app-changed') popupView.appChanged();
  });

  const ready = (async () => {
    const [local, session] = await Promise.all([loadLocalState(), loadSessionState()]);
    calls.restore(session.call, session.session);
    account.resume(local);
    log.info('worker started', { signedIn: !!local.user, phase: calls.call.phase });
    popupView.start();
    // Overlay surfaces whose port outlived the previous worker reconnect and claim again.
    const started: WorkerStarted = { ringsideWorkerStarted: true };
    void chrome.runtime.sendMessage(started).catch(() => undefined);
  })();

  // An extension update waits for the call to end (update-deferral.ts).
  const updates = deferUpdates({ phase: () => calls.call.phase, ready, log }, signal);
  calls.onChange((call) => updates.onCallPhase(call.phase));

  listenForMessages(uiToWorker, afterReady(createUiHandlers(account, calls, popupView), ready), signal);
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
