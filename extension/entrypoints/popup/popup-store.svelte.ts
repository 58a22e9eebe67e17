/**
 * The popup's view of the app. The popup owns nothing: every read and action is a message to
 * the worker, and the worker's port tells it when to refresh.
 */
import type { CallRecord, ContactsResponse, MediaKind, User } from '../../../protocol';
import { sendMessage } from '../../lib/messages/ui';
import type { AppState, DeviceChoice, Result } from '../../lib/messages';
import { PopupPortMessageSchema, portNames } from '../../lib/ports';
import { failureMessage } from './failure-text';
import { readPopupView } from '../../lib/popup-view';
import { storedViewRead } from './early-view';
import { i18n } from '#i18n';

export class PopupStore {
  app = $state<AppState | null>(null);
  contacts = $state<ContactsResponse>({ contacts: [], incoming: [], outgoing: [] });
  calls = $state<CallRecord[]>([]);
  error = $state('');
  notice = $state('');
  pending = $state(false);

  readonly signedIn = $derived(!!this.app?.user);

  constructor(signal: AbortSignal) {
    const port = chrome.runtime.connect({ name: portNames.popup });
    port.onMessage.addListener((raw: unknown) => {
      const parsed = PopupPortMessageSchema.safeParse(raw);
      if (!parsed.success) return;
      if (parsed.data.kind === 'app-changed') void this.loadApp();
      else void this.loadContacts();
    });
    signal.addEventListener('abort', () => port.disconnect(), { once: true });
    void this.#showLastView();
    void this.refresh();
    // Opening the toolbar popup shows the missed calls: clear the badge (not when opened as a tab).
    void chrome.tabs.getCurrent().then((tab) => {
      if (!tab) void sendMessage({ type: 'calls:mark-seen' });
    });
  }

  async refresh(): Promise<void> {
    await this.loadApp();
    if (this.signedIn) await Promise.all([this.loadContacts(), this.loadCalls()]);
  }

  /** Issue 12: the worker's last view at once (lib/popup-view.ts), until its fresh answers arrive. */
  async #showLastView(): Promise<void> {
    const view = await readPopupView(storedViewRead);
    if (!view || this.#freshApp) return;
    this.app = view.app;
    if (view.contacts && !this.#freshContacts) this.contacts = view.contacts.list;
  }
  #freshApp = false;
  #freshContacts = false;

  async loadApp(): Promise<void> {
    // Signed in "before" means in the last fresh answer: the last view alone loaded no contacts.
    const wasSignedIn = this.#freshApp && this.signedIn;
    const answer = await sendMessage({ type: 'app:get-state' });
    if (answer.ok) {
      this.app = answer.app;
      this.#freshApp = true;
    }
    if (!wasSignedIn && this.signedIn) await Promise.all([this.loadContacts(), this.loadCalls()]);
    if (answer.ok && answer.app.call.phase === 'ended') void this.loadCalls();
  }

  async loadContacts(): Promise<void> {
    const answer = await sendMessage({ type: 'contacts:list' });
    if (answer.ok) {
      this.contacts = answer.contacts;
      this.#freshContacts = true;
    }
  }

  async loadCalls(): Promise<void> {
    const answer = await sendMessage({ type: 'calls:history' });
    if (answer.ok) this.calls = answer.calls;
  }

  /** Run an action, showing its error inline; returns whether it worked. */
  async #run(action: () => Promise<Result>): Promise<boolean> {
    this.pending = true;
    this.error = '';
    try {
      const answer = await action();
      if (!answer.ok) this.error = failureMessage(answer.error);
      return answer.ok;
    } finally {
      this.pending = false;
    }
  }

  async signIn(
    form: { serverUrl: string; username: string; password: string; displayName: string },
    register: boolean,
  ) {
    const type = register ? 'auth:sign-up' : 'auth:sign-in';
    if (await this.#run(() => sendMessage({ type, ...form, displayName: form.displayName || undefined })))
      await this.refresh();
  }

  signOut() {
    return this.#run(() => sendMessage({ type: 'auth:sign-out' }));
  }

  async addContact(username: string): Promise<boolean> {
    const added = await this.#run(() => sendMessage({ type: 'contacts:add', username }));
    if (added) {
      this.notice = i18n.t('contacts.requestSent', [username]);
      await this.loadContacts();
    }
    return added;
  }

  async removeContact(user: User) {
    if (await this.#run(() => sendMessage({ type: 'contacts:remove', userId: user.id })))
      await this.loadContacts();
  }

  /** Blocks a user: their requests, calls and presence stop; a call from them ends. */
  async block(user: User) {
    if (await this.#run(() => sendMessage({ type: 'contacts:block', userId: user.id })))
      await this.loadContacts();
  }

  async unblock(user: User) {
    if (await this.#run(() => sendMessage({ type: 'contacts:unblock', userId: user.id })))
      await this.loadContacts();
  }

  async acceptRequest(user: User) {
    if (await this.#run(() => sendMessage({ type: 'contacts:add', username: user.username })))
      await this.loadContacts();
  }

  startCall(peer: User, media: MediaKind) {
    return this.#run(() =>
      sendMessage({
        type: 'call:start',
        peer: { id: peer.id, username: peer.username, displayName: peer.displayName },
        media,
      }),
    );
  }

  /** Take the ringing call here, with the camera for a video call (the overlay has the audio-only choice). */
  accept() {
    return this.#run(() => sendMessage({ type: 'call:accept', audioOnly: false }));
  }

  hangUp() {
    return this.#run(() => sendMessage({ type: 'call:hangup' }));
  }
  /** Issue 14: Chrome's picker opens from the offscreen document; the popup may close meanwhile. */
  shareScreen() {
    return this.#run(() => sendMessage({ type: 'call:share-screen' }));
  }
  stopShare() {
    return this.#run(() => sendMessage({ type: 'call:stop-share' }));
  }
  // Issue 15: recording with consent, as in the overlay.
  record() {
    return this.#run(() => sendMessage({ type: 'call:record' }));
  }
  answerRecording(allow: boolean) {
    return this.#run(() => sendMessage({ type: 'call:record-answer', allow }));
  }
  stopRecording() {
    return this.#run(() => sendMessage({ type: 'call:stop-recording' }));
  }

  setDnd(dnd: boolean) {
    return this.#run(() => sendMessage({ type: 'dnd:set', dnd }));
  }

  setDevices(devices: DeviceChoice) {
    return this.#run(() => sendMessage({ type: 'devices:set', devices }));
  }
}
