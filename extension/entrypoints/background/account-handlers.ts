/** The worker's side of blocking and account management (popup -> worker, `ui-to-worker`). */
import type { Handlers, uiToWorker } from '../../lib/messages';
import type { Account } from './account';
import { failureOf } from './failures';
import { attempt, requireApi } from './message-handlers';

type AccountMessages = Pick<
  Handlers<(typeof uiToWorker)['table']>,
  | 'contacts:block'
  | 'contacts:unblock'
  | 'account:sessions'
  | 'account:sign-out-session'
  | 'account:change-password'
  | 'account:delete'
>;

export function createAccountHandlers(account: Account): AccountMessages {
  return {
    'contacts:block': async (m) => attempt('block', () => requireApi(account).blockUser(m.userId)),
    'contacts:unblock': async (m) => attempt('unblock', () => requireApi(account).unblockUser(m.userId)),
    'account:sessions': async () => {
      try {
        return { ok: true, sessions: (await requireApi(account).sessions()).sessions };
      } catch (error) {
        return failureOf('list devices', error);
      }
    },
    'account:sign-out-session': async (m) =>
      attempt('sign out a device', async () => {
        const api = requireApi(account);
        const current = (await api.sessions()).sessions.find((session) => session.current);
        await api.signOutSession(m.sessionId);
        // This device itself: the server's `session:revoked` may lose the race with the popup.
        if (current?.id === m.sessionId) await account.signOut('signed_out');
      }),
    'account:change-password': async (m) =>
      attempt('change password', () =>
        requireApi(account).changePassword({
          currentPassword: m.currentPassword,
          newPassword: m.newPassword,
        }),
      ),
    'account:delete': async (m) =>
      attempt('delete account', async () => {
        await requireApi(account).deleteAccount(m.password);
        await account.signOut('account_deleted');
      }),
  };
}
