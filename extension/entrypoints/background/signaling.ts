/**
 * The Socket.IO connection to the server (transport layer): websocket only (the worker has no
 * XMLHttpRequest), every server event validated with the protocol's schemas before use.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { serverEventSchemas } from '../../../protocol';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '../../../protocol';
import type * as z from 'zod/mini';
import type { Logger } from '../../lib/log';
import { lifetimes } from '../../lib/lifetimes';

export type RingsideSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ServerEventName = keyof typeof serverEventSchemas;
export type ServerEventHandlers = {
  [E in ServerEventName]: (payload: z.infer<(typeof serverEventSchemas)[E]>) => void;
};
type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type AckOf<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

export interface SignalingCallbacks {
  onStatus: (status: 'connecting' | 'online' | 'offline') => void;
  onUnauthorized: () => void;
}

/** Open the socket; it reconnects on its own until `signal` aborts. */
export function connectSignaling(
  config: { serverUrl: string; token: string; deviceId: string },
  handlers: ServerEventHandlers,
  callbacks: SignalingCallbacks,
  log: Logger,
  signal: AbortSignal,
) {
  const socket: RingsideSocket = io(config.serverUrl, {
    transports: ['websocket'],
    auth: { token: config.token, deviceId: config.deviceId },
    reconnectionDelayMax: lifetimes.reconnectDelayMaxMs,
  });
  callbacks.onStatus('connecting');
  socket.on('connect', () => {
    // `recovered`: the server (multi-node, with Redis) resumed this socket's session, and the events
    // sent while it was away (call:signal, call:accepted, call:ended...) are delivered now, in order,
    // through the same handlers, before the `session` event. Not recovered (worker restarted, window
    // over, single node): `session` alone resynchronises the calls.
    log.info('socket connected', { id: socket.id, recovered: socket.recovered });
    callbacks.onStatus('online');
  });
  socket.on('disconnect', (reason) => {
    log.info('socket disconnected', { reason });
    callbacks.onStatus(signal.aborted ? 'offline' : 'connecting');
    // Socket.IO does not retry after a server-side disconnect. Retry once: a revoked session then
    // fails with `unauthorized` (and signs out) even if its `session:revoked` was lost on the way.
    if (reason === 'io server disconnect' && !signal.aborted)
      setTimeout(() => {
        if (!signal.aborted) socket.connect();
      }, lifetimes.serverDisconnectRetryMs);
  });
  socket.on('connect_error', (error) => {
    log.warn('socket connect_error', { message: error.message });
    if (error.message === 'unauthorized') callbacks.onUnauthorized();
    else callbacks.onStatus('connecting');
  });
  for (const name of Object.keys(serverEventSchemas) as ServerEventName[]) {
    const schema = serverEventSchemas[name];
    // Socket.IO's typed `on` cannot be expressed over a union of event names; payloads are validated here.
    // With connection state recovery the server appends the event's offset as a last argument
    // (socket.io-client keeps it to resume from); only the first one is the payload.
    (socket as unknown as Socket).on(name, (raw: unknown) => {
      const parsed = schema.safeParse(raw ?? {});
      if (!parsed.success) {
        log.warn('invalid server event dropped', { event: name });
        return;
      }
      (handlers[name] as (payload: unknown) => void)(parsed.data);
    });
  }
  const keepAlive = setInterval(() => {
    if (socket.connected) void chrome.runtime.getPlatformInfo();
  }, lifetimes.socketKeepAliveMs);
  signal.addEventListener(
    'abort',
    () => {
      clearInterval(keepAlive);
      socket.removeAllListeners();
      socket.disconnect();
    },
    { once: true },
  );

  /** Emit a client event and resolve with its ack (a timeout or disconnect becomes an error ack). */
  async function emit<E extends keyof ClientToServerEvents>(
    event: E,
    payload: Payload<E>,
  ): Promise<AckOf<E>> {
    try {
      // Typed emitWithAck cannot be expressed over a generic event name: cast once, keep `this`.
      const timed = socket.timeout(lifetimes.ackTimeoutMs) as unknown as {
        emitWithAck: (e: E, p: Payload<E>) => Promise<AckOf<E>>;
      };
      return await timed.emitWithAck(event, payload);
    } catch (error) {
      log.warn('no ack', { event, error: String(error) });
      const failure: AckResult = { ok: false, error: { code: 'internal', message: 'no answer from server' } };
      return failure as AckOf<E>;
    }
  }
  return {
    emit,
    /** During a call the socket must be back within the server's grace (RECONNECT_GRACE_S, 30 s by
     * default): it retries about every second then, and backs off to `reconnectDelayMaxMs` otherwise. */
    setInCall(inCall: boolean): void {
      socket.io.reconnectionDelayMax(
        inCall ? lifetimes.inCallReconnectDelayMaxMs : lifetimes.reconnectDelayMaxMs,
      );
    },
    get connected() {
      return socket.connected;
    },
  };
}
export type Signaling = ReturnType<typeof connectSignaling>;
