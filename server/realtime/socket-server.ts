import type { Server as HttpServer } from 'node:http';
import { setTimeout } from 'node:timers/promises';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { HandshakeAuthSchema, limits } from '../../protocol/index.js';
import type { CallCore } from '../calls/call-core.js';
import { hashToken } from '../credentials.js';
import type { ConcurrencyLimit } from '../limits/limiters.js';
import type { SessionStore } from '../store/sessions.js';
import type { UserStore } from '../store/users.js';
import { publicUser } from '../store/users.js';
import { registerCallHandlers } from './handlers.js';
import type { NodeRegistry } from './node-registry.js';
import type { PresenceService } from './presence.js';
import { deviceRoom, tokenRoom, userRoom } from './rooms.js';
import type { RingsideIo, RingsideSocket } from './socket-io.js';

/** Creates the Socket.IO server on the shared HTTP server; handlers are attached by `startRealtime`. */
export function createIo(
  httpServer: HttpServer,
  isAllowedOrigin: (origin: string) => boolean,
  /** Connection state recovery window (0: off): a socket back within it gets its missed events. */
  recoveryWindowMs = 0,
): RingsideIo {
  const originAllowed = (origin: string | undefined) => origin === undefined || isAllowedOrigin(origin);
  return new Server(httpServer, {
    maxHttpBufferSize: limits.maxSocketMessageBytes,
    // `cors` only shapes the polling answers' headers; a WebSocket handshake ignores CORS. allowRequest
    // runs for every new engine session, polling or a direct WebSocket upgrade (403 otherwise).
    // Clients without an Origin (tests, the bench, CLIs) are not browsers and pass.
    allowRequest: (request, callback) => {
      const allowed = originAllowed(request.headers.origin);
      callback(allowed ? null : 'origin_not_allowed', allowed);
    },
    cors: { origin: (origin, callback) => callback(null, originAllowed(origin)) },
    // The extension's service worker stays alive while messages flow within 30 s (ARCHITECTURE.md).
    pingInterval: 20_000,
    // The handshake middleware still runs for a recovered socket (a revoked token stays out).
    ...(recoveryWindowMs > 0 && {
      connectionStateRecovery: { maxDisconnectionDuration: recoveryWindowMs, skipMiddlewares: false },
    }),
  });
}

/** What the server needs back from the realtime layer. */
export interface Realtime {
  /** Gives back the socket-cap slots of this node's sockets (before a shutdown disconnects them). */
  releaseSocketSlots(): Promise<void>;
  /**
   * Waits (at most `timeoutMs`) for the call handlers still at work, so what they emit and write
   * goes out before the node lets go of Redis and the database.
   */
  drain(timeoutMs: number): Promise<void>;
}

/** Handshake auth, the `session` event, presence on connect/disconnect, and the call handlers. */
export function startRealtime(
  io: RingsideIo,
  deps: {
    users: UserStore;
    sessions: SessionStore;
    calls: CallCore;
    presence: PresenceService;
    /** With Redis: records which users this node serves, for presence when a node dies. */
    registry?: NodeRegistry | undefined;
    logger: Logger;
    isClosing: () => boolean;
    /**
     * Concurrent sockets per user (MAX_SOCKETS_PER_USER), counted on every node with Redis; the newest
     * over the cap is refused `too_many_sockets`.
     */
    socketLimit: ConcurrencyLimit;
  },
): Realtime {
  const { users, calls, presence, logger, socketLimit } = deps;
  /** Sockets of this node holding a slot of their user's cap: each gives it back once. */
  const slotHolders = new Set<RingsideSocket>();
  /** Handlers still at work (an invite between its INSERT and its emits, say). */
  const working = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    working.add(work);
    void work.finally(() => working.delete(work));
  };
  const releaseSlot = async (socket: RingsideSocket) => {
    if (slotHolders.delete(socket)) await socketLimit.release(socket.data.user.id);
  };

  io.use((socket, next) => {
    const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error('unauthorized'));
    const tokenHash = hashToken(auth.data.token);
    const admit = async () => {
      const user = await users.bySessionHash(tokenHash);
      if (!user) return next(new Error('unauthorized'));
      // The newest socket over the cap is refused. The count is atomic (in Redis with REDIS_URL), so
      // concurrent handshakes on any nodes cannot all pass.
      if (!(await socketLimit.acquire(user.id))) return next(new Error('too_many_sockets'));
      socket.data = { user: publicUser(user), deviceId: auth.data.deviceId, tokenHash };
      if (socket.conn.readyState !== 'open') {
        // Gone while we waited: Socket.IO drops it without a disconnect event.
        await socketLimit.release(user.id);
        return next(new Error('unauthorized'));
      }
      slotHolders.add(socket);
      deps.sessions
        .touch(tokenHash)
        .catch((error: unknown) => logger.warn({ err: error }, 'session touch failed'));
      next();
    };
    admit().then(
      () => undefined,
      (error: unknown) => {
        logger.error({ err: error }, 'socket auth failed');
        next(new Error('internal'));
      },
    );
  });

  io.on('connection', (socket) => {
    const { user, deviceId, tokenHash } = socket.data;
    const device = { userId: user.id, deviceId };
    const log = logger.child({ userId: user.id, deviceId, socketId: socket.id });
    // Handlers first, so nothing a client sends right after `session` is missed.
    registerCallHandlers(socket, { calls, logger: log, track });
    socket.on('disconnect', (reason) => {
      log.debug({ reason }, 'socket disconnected');
      releaseSlot(socket).catch((error: unknown) => log.warn({ err: error }, 'socket slot release failed'));
      // A shutting-down node leaves calls alone: they resume on the next start or another node.
      if (deps.isClosing()) return;
      if (!io.of('/').adapter.rooms.has(userRoom(user.id))) deps.registry?.userDisconnected(user.id);
      // Closed on purpose by the client (sign-out) or by the server (revoked token): not coming back.
      const lost = reason !== 'client namespace disconnect' && reason !== 'server namespace disconnect';
      calls
        .deviceDisconnected(device, lost)
        .then(() => presence.broadcast(user.id))
        .catch((error: unknown) => log.error({ err: error }, 'disconnect handling failed'));
    });

    void (async () => {
      try {
        await socket.join([userRoom(user.id), deviceRoom(user.id, deviceId), tokenRoom(tokenHash)]);
        deps.registry?.userConnected(user.id);
        const resumed = await calls.resumeDevice(device);
        socket.emit('session', { user, deviceId, calls: resumed });
        log.debug({ calls: resumed.map((call) => call.callId) }, 'socket connected');
        await presence.broadcast(user.id);
      } catch (error) {
        log.error({ err: error }, 'session setup failed');
        socket.disconnect(true);
      }
    })();
  });

  return {
    async releaseSocketSlots() {
      await Promise.allSettled([...slotHolders].map(releaseSlot));
    },
    async drain(timeoutMs) {
      if (working.size === 0) return;
      await Promise.race([
        Promise.allSettled([...working]),
        setTimeout(timeoutMs, undefined, { ref: false }),
      ]);
    },
  };
}
