/**
 * What the user chose and what they missed, kept in chrome.storage.local: sign-in (server, token,
 * user, device id), devices, camera permission, missed calls; and the server-held DND mirror.
 */
import type { DeviceChoice, MediaPermission } from '../../lib/messages';
import { showMissedCalls } from './call-alerts';
import { emptyLocalState, saveLocalState } from './persisted-state';
import type { LocalState } from './persisted-state';

type Editable = Partial<Pick<LocalState, 'devices' | 'permission' | 'missedCalls' | 'audioProcessing'>>;
type SignIn = Pick<LocalState, 'serverUrl' | 'token' | 'user'>;

export class Preferences {
  #state: LocalState = emptyLocalState();
  /** Do-not-disturb as the server last reported it. */
  dnd = false;

  /** `onChange` tells open popups to re-read the app state. */
  constructor(private readonly onChange: () => void) {}

  get state(): Readonly<LocalState> {
    return this.#state;
  }

  get devices(): DeviceChoice {
    return this.#state.devices;
  }

  load(state: LocalState): void {
    this.#state = state;
    void showMissedCalls(state.missedCalls);
  }

  async update(change: Editable): Promise<void> {
    this.#state = { ...this.#state, ...change };
    await saveLocalState(this.#state);
    if (change.missedCalls !== undefined) await showMissedCalls(this.#state.missedCalls);
    this.onChange();
  }

  /** A new sign-in starts with no missed calls; a sign-out keeps the server and devices. */
  async setSignIn(signIn: SignIn): Promise<void> {
    this.#state = { ...this.#state, ...signIn, missedCalls: signIn.token ? 0 : this.#state.missedCalls };
    await saveLocalState(this.#state);
  }

  setDnd(dnd: boolean): void {
    this.dnd = dnd;
    this.onChange();
  }

  addMissedCall(): void {
    void this.update({ missedCalls: this.#state.missedCalls + 1 });
  }

  setPermission(permission: MediaPermission): Promise<void> {
    return this.update({ permission });
  }
}
