/**
 * Keeps the popup's last view (lib/popup-view.ts) current: the app state on every change the popup
 * is told about, the contacts each time the worker lists them. Starts once the account is resumed,
 * so a restarting worker never stores a signed-out default over the real state.
 */
import type { ContactsResponse } from '../../../protocol';
import type { AppState } from '../../lib/messages';
import { popupViewKey } from '../../lib/popup-view';
import type { PopupView } from '../../lib/popup-view';
import type { Logger } from '../../lib/log';

export class PopupViewCache {
  #started = false;
  #contacts: PopupView['contacts'] = null;
  #pending = false;

  constructor(
    private readonly snapshot: () => AppState,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.#started = true;
    this.appChanged();
  }

  /** The app state changed: store it (changes in one task are stored once). */
  appChanged(): void {
    if (!this.#started || this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      void this.#save();
    });
  }

  contactsListed(contacts: ContactsResponse): void {
    const userId = this.snapshot().user?.id;
    this.#contacts = userId ? { userId, list: contacts } : null;
    if (this.#started) void this.#save();
  }

  async #save(): Promise<void> {
    const app = this.snapshot();
    if (this.#contacts && this.#contacts.userId !== app.user?.id) this.#contacts = null;
    try {
      await chrome.storage.session.set({
        [popupViewKey]: { app, contacts: this.#contacts } satisfies PopupView,
      });
    } catch (error) {
      this.log.warn('popup view not stored', { error: String(error) });
    }
  }
}
