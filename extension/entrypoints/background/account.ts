/**
 * Signing in and out, and what the popup is shown: ties the stored preferences, the server
 * connection and the call core together. Server events are routed to the call core here.
 */
import type { SessionRevokedReason } from '../../../protocol';
import type { Logger } from '../../lib/log';
import type { AppState } from '../../lib/messages';
import { ApiRequestError, createApiClient, normalizeServerUrl } from './api-client';
import { allowedByPolicy, readServerPolicy } from '../../lib/server-policy';
import type { CallController } from './call-controller';
import type { Connection } from './connection';
import type { LocalState } from './persisted-state';
import type { Preferences } from './preferences';
import type { ServerEventHandlers } from './signaling';
import type { UiPorts } from './ui-ports';

export class Account {
  /** Why the server signed this browser out; shown on the sign-in form until the next sign-in. */
  #signedOutReason: SessionRevokedReason | null = null;

  constructor(
    private readonly preferences: Preferences,
    private readonly connection: Connection,
    private readonly calls: CallController,
    private readonly ui: UiPorts,
    private readonly log: Logger,
  ) {}

  get api() {
    return this.connection.api;
  }

  get devices() {
    return this.preferences.devices;
  }

  snapshot(): AppState {
    const { state, dnd } = this.preferences;
    return {
      user: state.user,
      serverUrl: state.serverUrl,
      connection: this.connection.status,
      call: this.calls.call,
      dnd,
      missedCalls: state.missedCalls,
      permission: state.permission,
      devices: state.devices,
      signedOutReason: this.#signedOutReason,
      audioProcessing: state.audioProcessing,
    };
  }

  /** Connect with the stored token, if any (worker start). */
  resume(state: LocalState): void {
    this.preferences.load(state);
    this.#connect();
  }

  async signIn(
    serverUrlInput: string,
    username: string,
    password: string,
    register: boolean,
    displayName?: string,
  ) {
    const serverUrl = normalizeServerUrl(serverUrlInput);
    // The popup shows a pinned server read-only; the worker is where the pin is enforced.
    if (!allowedByPolicy(await readServerPolicy(), serverUrl))
      throw new ApiRequestError('server_pinned', `sign-in to ${serverUrl} refused by the managed policy`);
    const api = createApiClient(serverUrl, null);
    const auth = register
      ? await api.register({ username, password, ...(displayName ? { displayName } : {}) })
      : await api.login({ username, password });
    await this.preferences.setSignIn({ serverUrl, token: auth.token, user: auth.user });
    this.#signedOutReason = null;
    this.#connect();
  }

  /**
   * Signs this browser out. `revoked`: the server already ended the session (password changed or
   * signed out elsewhere, account deleted), so there is nothing to log out of; the reason is shown.
   */
  async signOut(revoked?: SessionRevokedReason): Promise<void> {
    if (revoked) this.#signedOutReason = revoked;
    await this.calls.hangUp();
    if (!revoked) await this.connection.api?.logout().catch(() => undefined);
    await this.connection.close();
    await this.preferences.setSignIn({
      serverUrl: this.preferences.state.serverUrl,
      token: null,
      user: null,
    });
    this.ui.notifyPopups({ kind: 'app-changed' });
  }

  update(change: Parameters<Preferences['update']>[0]): Promise<void> {
    return this.preferences.update(change);
  }

  setPermission(permission: AppState['permission']): Promise<void> {
    return this.preferences.setPermission(permission);
  }

  async setDnd(dnd: boolean): Promise<void> {
    await this.connection.api?.setDnd(dnd);
    this.preferences.setDnd(dnd);
  }

  #connect(): void {
    const { serverUrl, token, deviceId } = this.preferences.state;
    if (!token || !serverUrl) return;
    this.connection.open({ serverUrl, token, deviceId }, this.#serverEvents(), () => void this.signOut());
    void this.connection.api
      ?.me()
      .then((me) => this.preferences.setDnd(me.dnd))
      .catch((error) => this.log.warn('GET /api/me failed', { error: String(error) }));
  }

  #serverEvents(): ServerEventHandlers {
    const { calls, ui } = this;
    return {
      session: (session) => calls.onSession(session),
      'call:incoming': (incoming) => calls.onIncoming(incoming),
      'call:accepted': ({ callId, sdp }) => calls.onAccepted(callId, sdp),
      'call:signal': (signal) => calls.onRemoteSignal(signal),
      'call:media': ({ callId, audio, video, screen }) => {
        calls.onRemoteMedia(callId, audio, video);
        // Absent: a client that says nothing about its screen share (unchanged).
        if (screen !== undefined) calls.onRemoteShare(callId, screen);
      },
      'call:record': ({ callId, action }) => calls.onRemoteRecord(callId, action),
      'call:ended': ({ callId, reason }) => calls.onEnded(callId, reason),
      presence: () => ui.notifyPopups({ kind: 'contacts-changed' }),
      'contacts:changed': () => ui.notifyPopups({ kind: 'contacts-changed' }),
      'session:revoked': ({ reason }) => {
        this.log.info('session revoked by the server', { reason });
        void this.signOut(reason);
      },
    };
  }
}
