import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { HandshakeAuthSchema, limits } from '../../protocol/index.js';
import type { CallCore } from '../calls/call-core.js';
import { hashToken } from '../credentials.js';
import type { UserStore } from '../store/users.js';
import { publicUser } from '../store/users.js';
import { registerCallHandlers } from './handlers.js';
import type { NodeRegistry } from './node-registry.js';
import type { PresenceService } from './presence.js';
import { deviceRoom, tokenRoom, userRoom } from './rooms.js';
import type { RingsideIo } from './socket-io.js';

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

/** Handshake auth, the `session` event, presence on connect/disconnect, and the call handlers. */
export function startRealtime(
  io: RingsideIo,
  deps: {
    users: UserStore;
    calls: CallCore;
    presence: PresenceService;
    /** With Redis: records which users this node serves, for presence when a node dies. */
    registry?: NodeRegistry | undefined;
    logger: Logger;
    isClosing: () => boolean;
    /** Concurrent sockets one user may hold on this node; more are refused `too_many_sockets`. */
    maxSocketsPerUser: number;
  },
): void {
  const { users, calls, presence, logger } = deps;

  io.use((socket, next) => {
    const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error('unauthorized'));
    const tokenHash = hashToken(auth.data.token);
    users.bySessionHash(tokenHash).then(
      (user) => {
        if (!user) return next(new Error('unauthorized'));
        // The newest socket over the cap is refused. Joining the user's room here, in the same tick
        // as the count, holds the slot, so concurrent handshakes cannot all pass (a refused or
        // abandoned socket leaves its rooms in Socket.IO's cleanup).
        const room = userRoom(user.id);
        // A recovered socket is back in its rooms already: it does not count against itself.
        const members = io.of('/').adapter.rooms.get(room);
        if ((members?.size ?? 0) - (members?.has(socket.id) ? 1 : 0) >= deps.maxSocketsPerUser)
          return next(new Error('too_many_sockets'));
        void socket.join(room);
        socket.data = { user: publicUser(user), deviceId: auth.data.deviceId, tokenHash };
        next();
      },
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
    registerCallHandlers(socket, { calls, logger: log });
    socket.on('disconnect', (reason) => {
      log.debug({ reason }, 'socket disconnected');
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
}
