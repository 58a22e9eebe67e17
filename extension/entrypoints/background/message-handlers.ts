/** The worker's side of the message map: what each message from another context does. */
import type { MediaKind, User } from '../../../protocol';
import { ApiRequestError } from './api-client';
import type { Account } from './account';
import type { CallController } from './call-controller';
import { askOffscreen } from './offscreen-document';
import type { Handlers, Result } from '../../lib/messages';
import type { TrustedFrames } from './trusted-frames';

async function attempt(action: () => Promise<unknown>): Promise<Result> {
  try {
    await action();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof ApiRequestError ? error.code : String(error) };
  }
}

function requireApi(account: Account) {
  if (!account.api) throw new ApiRequestError('unauthorized', 'Not signed in');
  return account.api;
}

/** Handlers for messages from extension pages (the sender check happens in listenForMessages). */
export function createWorkerHandlers(
  account: Account,
  calls: CallController,
  frames: TrustedFrames,
): Handlers {
  /** Call controls come only from top-level extension pages or the overlay frame we created. */
  const control =
    <M>(action: (message: M) => Promise<Result>) =>
    async (message: M, sender: chrome.runtime.MessageSender): Promise<Result> => {
      if (frames.isTrustedSender(sender)) return action(message);
      console.warn('[ringside] call control refused: frame not trusted', {
        tab: sender.tab?.id,
        frame: sender.frameId,
      });
      return { ok: false, error: 'forbidden' };
    };
  return {
    'app:get-state': async () => ({ ok: true, app: account.snapshot() }),
    'auth:sign-in': async (m) => attempt(() => account.signIn(m.serverUrl, m.username, m.password, false)),
    'auth:sign-up': async (m) =>
      attempt(() => account.signIn(m.serverUrl, m.username, m.password, true, m.displayName)),
    'auth:sign-out': async () => attempt(() => account.signOut()),
    'contacts:list': async () => {
      try {
        return { ok: true, contacts: await requireApi(account).contacts() };
      } catch (error) {
        return { ok: false, error: error instanceof ApiRequestError ? error.code : String(error) };
      }
    },
    'contacts:add': async (m) => attempt(() => requireApi(account).addContact(m.username)),
    'contacts:remove': async (m) => attempt(() => requireApi(account).removeContact(m.userId)),
    'calls:history': async () => {
      try {
        const history = await requireApi(account).callHistory();
        return { ok: true, calls: history.calls };
      } catch (error) {
        return { ok: false, error: error instanceof ApiRequestError ? error.code : String(error) };
      }
    },
    'calls:mark-seen': async () => attempt(() => account.update({ missedCalls: 0 })),
    'dnd:set': async (m) => attempt(() => account.setDnd(m.dnd)),
    'devices:set': async (m) =>
      attempt(async () => {
        const previous = account.devices;
        await account.update({ devices: m.devices });
        await calls.switchDevices(previous, account.devices);
      }),
    'permission:changed': async (m) => attempt(() => account.setPermission(m.permission)),
    'call:start': control((m: { peer: User; media: MediaKind }) => calls.startCall(m.peer, m.media)),
    'call:accept': control((m: { audioOnly: boolean }) => calls.acceptCall(m.audioOnly)),
    'call:decline': control(() => calls.declineCall()),
    'call:hangup': control(() => calls.hangUp()),
    'call:set-media': control((m: { audio: boolean; video: boolean }) =>
      calls.setLocalMedia(m.audio, m.video),
    ),
    'overlay:check-frame': async (m) => ({ ok: true, trusted: frames.isTrusted(m.tabId, m.frameId) }),
    'call:get-state': async () => ({ ok: true, state: calls.call }),
    'media:get-stats': async () => {
      const answer = await askOffscreen({ type: 'offscreen:get-stats' });
      return { ok: true, stats: answer?.ok ? answer.stats : null };
    },
  };
}

/** Handlers for messages the offscreen document sends to the worker. */
export function createOffscreenEventHandlers(calls: CallController): Handlers {
  return {
    'offscreen:local-signal': async (m) => {
      await calls.sendLocalSignal({ candidate: m.candidate, description: m.description });
      return { ok: true };
    },
    'offscreen:connection': async (m) => {
      calls.onConnectionState(m.state);
      return { ok: true };
    },
    // Delivering it is the point: it restarts a stopped worker, which reconnects its socket (R-F1).
    'offscreen:keepalive': async () => ({ ok: true }),
  };
}
