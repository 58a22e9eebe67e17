import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import { createCallCore } from './calls/call-core.js';
import type { ServerConfig } from './config.js';
import { createHttpApp, originMatcher } from './http/http-app.js';
import { createMetrics } from './metrics.js';
import { createLimiters } from './limits/limiters.js';
import { createCallDelivery, createCallNodes } from './realtime/call-delivery.js';
import { attachRedisAdapter, type ClusterLink } from './realtime/cluster.js';
import { createNodeRegistry } from './realtime/node-registry.js';
import { createPresence } from './realtime/presence.js';
import { userRoom } from './realtime/rooms.js';
import { createIo, startRealtime } from './realtime/socket-server.js';
import { createCallStore } from './store/calls.js';
import { createContactBlockStore } from './store/contact-blocks.js';
import { createContactStore } from './store/contacts.js';
import { openDatabase } from './store/db.js';
import { createSessionStore } from './store/sessions.js';
import { createUserStore } from './store/users.js';

/** Optional collaborators; tests pass a quiet logger, for instance. */
export interface ServerDeps {
  logger?: Logger;
}

export interface RingsideServer {
  /** Starts listening on config.host:config.port (0 = any free port). */
  listen(): Promise<{ port: number; url: string }>;
  /** Stops timers, disconnects sockets, closes HTTP and the database. Calls stay in the database. */
  close(): Promise<void>;
}

/** Builds the whole server (storage, HTTP, Socket.IO, call logic) from a config. No globals. */
export async function createServer(config: ServerConfig, deps: ServerDeps = {}): Promise<RingsideServer> {
  const logger = deps.logger ?? pino({ level: config.logLevel });
  const db = await openDatabase(
    config.databaseUrl,
    (error) => logger.warn({ err: error }, 'idle database connection lost'),
    config.databasePoolSize,
    config.databasePreparedStatements,
  );
  const users = createUserStore(db);
  const contacts = createContactStore(db);
  const callStore = createCallStore(db);
  let closing = false;

  const isAllowedOrigin = originMatcher(config.corsOrigins);
  // The HTTP app is created below; the adaptor server calls it through this indirection.
  let fetchHandler: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  const httpServer = createAdaptorServer({
    fetch: (request, env) => fetchHandler(request, env),
  }) as HttpServer;
  // With Redis, a client that reconnects (to any node) within the reconnect grace gets the events it
  // missed, replayed from the Redis stream (connection state recovery).
  const io = createIo(httpServer, isAllowedOrigin, config.redisUrl ? config.reconnectGraceS * 1000 : 0);
  let cluster: ClusterLink | undefined;
  try {
    // Before anything asks "is this user online?": with Redis, the answer spans every node.
    if (config.redisUrl)
      cluster = await attachRedisAdapter(io, config.redisUrl, logger, config.redisStreamMaxLen);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  // After the cluster link: with Redis, every limit is one budget for all nodes.
  const limiters = createLimiters(config, cluster?.redis, logger);
  const sessions = createSessionStore(db);
  const metrics = createMetrics({ connectedSockets: () => io.of('/').sockets.size, calls: callStore });
  const presence = createPresence({ io, users, contacts, calls: callStore, logger });
  // calls/ reaches sockets and the other nodes only through these two ports.
  const callCore = createCallCore({
    delivery: createCallDelivery(io),
    nodes: createCallNodes(io),
    db,
    users,
    contacts,
    calls: callStore,
    presence,
    inviteLimiter: limiters.invite,
    signalLimiter: limiters.signal,
    recordLimiter: limiters.record,
    logger,
    metrics,
    ringTimeoutMs: config.ringTimeoutS * 1000,
    reconnectGraceMs: config.reconnectGraceS * 1000,
    sweepIntervalMs: config.sweepIntervalS * 1000,
  });
  const app = createHttpApp({
    config,
    db,
    io,
    users,
    contacts,
    blocks: createContactBlockStore(db),
    calls: callStore,
    presence,
    sessions,
    limiters,
    endCallsOfUser: callCore.endCallsOfUser,
    metrics,
    logger,
  });
  fetchHandler = (request, env) => app.fetch(request, env as never);
  const localUsers = () => [
    ...new Set([...io.of('/').sockets.values()].map((socket) => socket.data.user.id)),
  ];
  const registry =
    cluster &&
    createNodeRegistry({
      redis: cluster.redis,
      nodeId: randomUUID(),
      localUsers,
      intervalMs: config.sweepIntervalS * 1000,
      logger,
      onOrphans: async (userIds) => {
        for (const userId of userIds) {
          await presence.broadcast(userId);
          // The dead node never gave back its sockets' slots of the per-user cap: count what is held.
          const held = await io.in(userRoom(userId)).fetchSockets();
          await limiters.sockets.recount(userId, held.length);
        }
      },
    });
  const realtime = startRealtime(io, {
    users,
    sessions,
    calls: callCore,
    presence,
    registry,
    logger,
    isClosing: () => closing,
    socketLimit: limiters.sockets,
  });
  await callCore.recover();
  await registry?.start();

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off('error', reject);
          const { port } = httpServer.address() as AddressInfo;
          const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
          resolve({ port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` });
        });
      }),
    async close() {
      if (closing) return;
      closing = true;
      // Before the sockets close: the other nodes ring this node's users while they reconnect.
      callCore.handOff(localUsers());
      callCore.stop();
      presence.stop();
      registry?.stop();
      // Before the sockets go (their disconnect handlers skip a closing node) and before Redis does.
      await realtime.releaseSocketSlots();
      // io.close() closes this node's connections only ("server shutting down", not a namespace
      // disconnect), so clients reconnect on their own (through the balancer, to another node) and,
      // with Redis, recover the events sent meanwhile; it also closes the HTTP server.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // An invite that had inserted its call when the sockets closed still emits its ring: let it
      // (its caller's retry elsewhere finds the call and waits for that ring).
      await realtime.drain(5_000);
      await cluster?.close();
      await db.destroy();
    },
  };
}
