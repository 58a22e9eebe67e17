/** The popup's account settings: signed-in devices, password change, account deletion (all via the worker). */
import { i18n } from '#i18n';
import type { DeviceSession } from '../../../protocol';
import { sendMessage } from '../../lib/messages/ui';
import type { Result } from '../../lib/messages';
import { failureMessage } from './failure-text';

export class AccountStore {
  sessions = $state<DeviceSession[]>([]);
  error = $state('');
  notice = $state('');
  pending = $state(false);

  async #run(action: () => Promise<Result>): Promise<boolean> {
    this.pending = true;
    this.error = '';
    this.notice = '';
    try {
      const answer = await action();
      if (!answer.ok) this.error = failureMessage(answer.error);
      return answer.ok;
    } finally {
      this.pending = false;
    }
  }

  async loadSessions(): Promise<void> {
    const answer = await sendMessage({ type: 'account:sessions' });
    if (answer.ok) this.sessions = answer.sessions;
    else this.error = failureMessage(answer.error);
  }

  async signOutSession(session: DeviceSession): Promise<void> {
    if (await this.#run(() => sendMessage({ type: 'account:sign-out-session', sessionId: session.id })))
      await this.loadSessions();
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<boolean> {
    const changed = await this.#run(() =>
      sendMessage({ type: 'account:change-password', currentPassword, newPassword }),
    );
    if (changed) {
      this.notice = i18n.t('account.changed');
      await this.loadSessions();
    }
    return changed;
  }

  deleteAccount(password: string): Promise<boolean> {
    return this.#run(() => sendMessage({ type: 'account:delete', password }));
  }
}
