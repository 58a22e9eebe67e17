/**
 * The signed-in account: credentials and preferences (persisted), the API client and the socket
 * bound to them, and routing of server events to the call controller.
 */
import type { Logger } from '../../lib/log';
import type { AppState, ConnectionStatus, DeviceChoice, MediaPermission } from '../../lib/messages';
import { createApiClient, normalizeServerUrl } from './api-client';
import type { ApiClient } from './api-client';
import { showMissedCalls } from './call-alerts';
import type { CallController } from './call-controller';
import { emptyLocalState, saveLocalState } from './persisted-state';
import type { LocalState } from './persisted-state';
import { closeOffscreenDocument, ensureOffscreenDocument } from './offscreen-document';
import { connectSignaling } from './signaling';
import type { Signaling } from './signaling';
import type { UiPorts } from './ui-ports';

/** Its only job is to wake the worker: starting up reconnects the socket. */
export const reconnectAlarm = 'ringside-reconnect';

export class Account {
  connection: ConnectionStatus = 'signed-out';
  dnd = false;
  api: ApiClient | null = null;
  signaling: Signaling | null = null;
  #socketScope: AbortController | null = null;
  private state: LocalState = emptyLocalState();

  constructor(
    private readonly calls: () => CallController,
    private readonly ui: UiPorts,
    private readonly log: Logger,
    private readonly workerSignal: AbortSignal,
  ) {}

  get devices(): DeviceChoice {
    return this.state.devices;
  }

  snapshot(): AppState {
    return {
      user: this.state.user,
      serverUrl: this.state.serverUrl,
      connection: this.connection,
      call: this.calls().call,
      dnd: this.dnd,
      missedCalls: this.state.missedCalls,
      permission: this.state.permission,
      devices: this.state.devices,
    };
  }

  /** Connect with the stored token, if any (worker start). */
  resume(state: LocalState): void {
    this.state = state;
    if (this.state.token && this.state.serverUrl) this.#connect();
    void showMissedCalls(this.state.missedCalls);
  }

  async signIn(
    serverUrlInput: string,
    username: string,
    password: string,
    register: boolean,
    displayName?: string,
  ) {
    const serverUrl = normalizeServerUrl(serverUrlInput);
    const api = createApiClient(serverUrl, null);
    const auth = register
      ? await api.register({ username, password, ...(displayName ? { displayName } : {}) })
      : await api.login({ username, password });
    this.state = { ...this.state, serverUrl, token: auth.token, user: auth.user, missedCalls: 0 };
    await saveLocalState(this.state);
    this.#connect();
  }

  async signOut(): Promise<void> {
    await this.calls().hangUp();
    await this.api?.logout().catch(() => undefined);
    this.#disconnect();
    await chrome.alarms.clear(reconnectAlarm);
    await closeOffscreenDocument().catch(() => undefined);
    this.state = { ...this.state, token: null, user: null };
    await saveLocalState(this.state);
    this.connection = 'signed-out';
    this.ui.notifyPopups({ kind: 'app-changed' });
  }

  async setDnd(dnd: boolean): Promise<void> {
    await this.api?.setDnd(dnd);
    this.dnd = dnd;
    this.ui.notifyPopups({ kind: 'app-changed' });
  }

  async update(change: Partial<Pick<LocalState, 'devices' | 'permission' | 'missedCalls'>>): Promise<void> {
    this.state = { ...this.state, ...change };
    await saveLocalState(this.state);
    if (change.missedCalls !== undefined) await showMissedCalls(this.state.missedCalls);
    this.ui.notifyPopups({ kind: 'app-changed' });
  }

  addMissedCall(): void {
    void this.update({ missedCalls: this.state.missedCalls + 1 });
  }

  setPermission(permission: MediaPermission): Promise<void> {
    return this.update({ permission });
  }

  #connect(): void {
    const { serverUrl, token, deviceId } = this.state;
    if (!token) return;
    // A stopped worker has no socket to be woken by: an alarm brings it back (and reconnects) every 30 s.
    void chrome.alarms.create(reconnectAlarm, { periodInMinutes: 0.5 });
    // Kept open while signed in: it holds no media between calls and wakes a stopped worker.
    void ensureOffscreenDocument().catch((error) =>
      this.log.warn('offscreen document not created', { error: String(error) }),
    );
    this.#disconnect();
    this.#socketScope = new AbortController();
    const scope = AbortSignal.any([this.#socketScope.signal, this.workerSignal]);
    this.api = createApiClient(serverUrl, token);
    void this.api
      .me()
      .then((me) => {
        this.dnd = me.dnd;
        this.ui.notifyPopups({ kind: 'app-changed' });
      })
      .catch((error) => this.log.warn('GET /api/me failed', { error: String(error) }));
    const calls = this.calls();
    this.signaling = connectSignaling(
      { serverUrl, token, deviceId },
      {
        session: (session) => calls.onSession(session),
        'call:incoming': (incoming) => calls.onIncoming(incoming),
        'call:accepted': ({ callId, sdp }) => calls.onAccepted(callId, sdp),
        'call:signal': (signal) => calls.onRemoteSignal(signal),
        'call:media': ({ callId, audio, video }) => calls.onRemoteMedia(callId, audio, video),
        'call:ended': ({ callId, reason }) => calls.onEnded(callId, reason),
        presence: () => this.ui.notifyPopups({ kind: 'contacts-changed' }),
        'contacts:changed': () => this.ui.notifyPopups({ kind: 'contacts-changed' }),
      },
      {
        onStatus: (status) => {
          this.connection = status;
          this.ui.notifyPopups({ kind: 'app-changed' });
        },
        onUnauthorized: () => void this.signOut(),
      },
      this.log,
      scope,
    );
  }

  #disconnect(): void {
    this.#socketScope?.abort();
    this.#socketScope = null;
    this.signaling = null;
    this.api = null;
  }
}
