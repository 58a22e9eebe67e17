/**
 * The connection to the signed-in server: the API client, the socket, the wake alarm and the
 * offscreen document kept open while signed in. The call core sees it as a `SignalingPort`.
 */
import type { Logger } from '../../lib/log';
import type { ConnectionStatus } from '../../lib/messages';
import { lifetimes } from '../../lib/lifetimes';
import { createApiClient } from './api-client';
import type { ApiClient } from './api-client';
import type { IceConfig } from './call/call-ports';
import { IceServerCache } from './ice-cache';
import { closeOffscreenDocument, ensureOffscreenDocument } from './offscreen-document';
import { connectSignaling } from './signaling';
import type { ServerEventHandlers, Signaling } from './signaling';

/** Its only job is to wake the worker: starting up reconnects the socket. */
export const reconnectAlarm = 'ringside-reconnect';

export interface ConnectionTarget {
  serverUrl: string;
  token: string;
  deviceId: string;
}

export class Connection {
  status: ConnectionStatus = 'signed-out';
  api: ApiClient | null = null;
  signaling: Signaling | null = null;
  #ice: IceServerCache | null = null;
  #inCall = false;
  #scope: AbortController | null = null;

  constructor(
    private readonly log: Logger,
    private readonly onStatus: (status: ConnectionStatus) => void,
    private readonly workerSignal: AbortSignal,
  ) {}

  /** Open the API client and the socket; server events go to `handlers`. */
  open(target: ConnectionTarget, handlers: ServerEventHandlers, onUnauthorized: () => void): void {
    // A stopped worker has no socket to be woken by: an alarm brings it back (and reconnects).
    void chrome.alarms.create(reconnectAlarm, { periodInMinutes: lifetimes.wakeAlarmPeriodMinutes });
    // Kept open while signed in: it holds no media between calls and wakes a stopped worker.
    void ensureOffscreenDocument().catch((error) =>
      this.log.warn('offscreen document not created', { error: String(error) }),
    );
    this.#drop();
    this.#scope = new AbortController();
    const scope = AbortSignal.any([this.#scope.signal, this.workerSignal]);
    this.api = createApiClient(target.serverUrl, target.token);
    const api = this.api;
    // Fetched now and kept while fresh: a call never waits for `/api/ice-servers` (issue 12).
    this.#ice = new IceServerCache(() => api.iceServers());
    void this.#ice.refresh();
    this.signaling = connectSignaling(
      target,
      handlers,
      {
        onStatus: (status) => this.#setStatus(status),
        onUnauthorized,
      },
      this.log,
      scope,
    );
    this.signaling.setInCall(this.#inCall);
  }

  /** A call is live (or ringing): a lost socket retries at once rather than backing off. */
  setInCall(inCall: boolean): void {
    this.#inCall = inCall;
    this.signaling?.setInCall(inCall);
  }

  /** Close everything a signed-in user had open. */
  async close(): Promise<void> {
    this.#drop();
    await chrome.alarms.clear(reconnectAlarm);
    await closeOffscreenDocument().catch(() => undefined);
    this.#setStatus('signed-out');
  }

  /** The server's ICE servers for a new call (null when signed out or unreachable). */
  async iceServers(): Promise<IceConfig | null> {
    return (await this.#ice?.get()) ?? null;
  }

  #setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.onStatus(status);
  }

  #drop(): void {
    this.#scope?.abort();
    this.#scope = null;
    this.signaling = null;
    this.api = null;
    this.#ice = null;
  }
}
