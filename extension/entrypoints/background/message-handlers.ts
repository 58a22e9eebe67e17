/** The worker's side of the channels: what each message from another context does. */
import type { Handlers, Result } from '../../lib/messages';
import type { offscreenToWorker, overlayToWorker, uiToWorker } from '../../lib/messages';
import type { Account } from './account';
import type { CallController } from './call-controller';
import { createAccountHandlers } from './account-handlers';
import { ApiRequestError } from './api-client';
import { failureOf } from './failures';
import { askOffscreen } from './offscreen-document';
import { saveRecording } from './recording-download';
import type { TrustedFrames } from './trusted-frames';
import type { PopupViewCache } from './popup-view-cache';

/** Runs an action and answers ok, or the failure it threw. */
export async function attempt(what: string, action: () => Promise<unknown>): Promise<Result> {
  try {
    await action();
    return { ok: true };
  } catch (error) {
    return failureOf(what, error);
  }
}

/** The signed-in API client, or an `unauthorized` failure. */
export function requireApi(account: Account) {
  const api = account.api;
  if (!api) throw new ApiRequestError('unauthorized', 'Not signed in');
  return api;
}

/** Handlers for the popup and the permission page (`ui-to-worker`). */
export function createUiHandlers(
  account: Account,
  calls: CallController,
  popupView?: PopupViewCache,
): Handlers<(typeof uiToWorker)['table']> {
  return {
    'app:get-state': async () => ({ ok: true, app: account.snapshot() }),
    'auth:sign-in': async (m) =>
      attempt('sign in', () => account.signIn(m.serverUrl, m.username, m.password, false)),
    'auth:sign-up': async (m) =>
      attempt('sign up', () => account.signIn(m.serverUrl, m.username, m.password, true, m.displayName)),
    'auth:sign-out': async () => attempt('sign out', () => account.signOut()),
    'contacts:list': async () => {
      try {
        const contacts = await requireApi(account).contacts();
        popupView?.contactsListed(contacts);
        return { ok: true, contacts };
      } catch (error) {
        return failureOf('list contacts', error);
      }
    },
    'contacts:add': async (m) => attempt('add contact', () => requireApi(account).addContact(m.username)),
    'contacts:remove': async (m) =>
      attempt('remove contact', () => requireApi(account).removeContact(m.userId)),
    'calls:history': async () => {
      try {
        const history = await requireApi(account).callHistory();
        return { ok: true, calls: history.calls };
      } catch (error) {
        return failureOf('call history', error);
      }
    },
    'calls:mark-seen': async () => attempt('mark calls seen', () => account.update({ missedCalls: 0 })),
    'dnd:set': async (m) => attempt('set dnd', () => account.setDnd(m.dnd)),
    'devices:set': async (m) =>
      attempt('set devices', async () => {
        const previous = account.devices;
        await account.update({ devices: m.devices });
        await calls.switchDevices(previous, account.devices);
      }),
    'permission:changed': async (m) => attempt('set permission', () => account.setPermission(m.permission)),
    ...createAccountHandlers(account),
    'audio:set-processing': async (m) =>
      attempt('set audio processing', async () => {
        await account.update({ audioProcessing: m.processing });
        const { phase } = calls.call;
        if (phase === 'connecting' || phase === 'active')
          await askOffscreen({ type: 'offscreen:audio-processing', processing: m.processing });
      }),
    'setup:ice-servers': async () => {
      try {
        return { ok: true, iceServers: (await requireApi(account).iceServers()).iceServers };
      } catch (error) {
        return failureOf('ice servers for the setup check', error);
      }
    },
  };
}

/**
 * Handlers for call controls (`overlay-to-worker`); the listener checks that the frame is one
 * `TrustedFrames` vouches for (top-level extension pages or the overlay frame we created).
 */
export function createCallControlHandlers(
  calls: CallController,
): Handlers<(typeof overlayToWorker)['table']> {
  return {
    'call:start': async (m) => calls.startCall(m.peer, m.media),
    'call:accept': async (m) => calls.acceptCall(m.audioOnly),
    'call:decline': async () => calls.declineCall(),
    'call:hangup': async () => calls.hangUp(),
    'call:set-media': async (m) => calls.setLocalMedia(m.audio, m.video),
    'call:share-screen': async () => calls.shareScreen(),
    'call:stop-share': async () => calls.stopShare(),
    'call:pop-out': async () => calls.popOut(),
    'call:back-to-tab': async () => calls.backToTab(),
    'call:record': async () => calls.requestRecording(),
    'call:record-answer': async (m) => calls.answerRecording(m.allow),
    'call:stop-recording': async () => calls.stopRecording(),
  };
}

/** Handlers for what the offscreen document sends (`offscreen-to-worker`). */
export function createOffscreenEventHandlers(
  calls: CallController,
  frames: TrustedFrames,
): Handlers<(typeof offscreenToWorker)['table']> {
  return {
    'offscreen:local-signal': async (m) => {
      await calls.sendLocalSignal({ candidate: m.candidate, description: m.description });
      return { ok: true };
    },
    'offscreen:connection': async (m) => {
      calls.onConnectionState(m.state);
      return { ok: true };
    },
    'offscreen:share-ended': async () => {
      await calls.onShareEnded();
      return { ok: true };
    },
    'offscreen:recording-ready': async (m) => {
      // Not awaited: the download runs on, the offscreen document's answer does not wait for it.
      void saveRecording(m.url, m.fileName).then((saved) => saved && calls.onRecordingSaved());
      return { ok: true };
    },
    'offscreen:recording-failed': async () => {
      calls.onRecorderFailed();
      return { ok: true };
    },
    // Delivering it is the point: it restarts a stopped worker, which reconnects its socket (R-F1).
    'offscreen:keepalive': async () => ({ ok: true }),
    'overlay:check-frame': async (m) => ({ ok: true, trusted: frames.isTrusted(m) }),
  };
}
