import { RedisAdapter, createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RingsideIo } from './rooms.js';

/** How long a node waits for the other nodes to answer a cluster-wide question (fetchSockets, presence). */
const CLUSTER_REQUEST_TIMEOUT_MS = 3_000;

/** This node's link to the cluster: the command connection (also for the node registry) and close. */
export interface ClusterLink {
  redis: Redis;
  close(): Promise<void>;
}

/**
 * Joins this node to the others on the same Redis with the Socket.IO Redis (pub/sub) adapter:
 * every `io.to(room)`, `fetchSockets()` and `disconnectSockets()` then spans the cluster.
 * Resolves once both connections are up (a wrong REDIS_URL fails the start).
 */
export async function attachRedisAdapter(
  io: RingsideIo,
  redisUrl: string,
  logger: Logger,
): Promise<ClusterLink> {
  const options = { lazyConnect: true, connectionName: 'ringside' };
  const pub = new Redis(redisUrl, options);
  const sub = new Redis(redisUrl, options);
  let lastErrorLog = 0;
  const onError = (error: Error) => {
    // ioredis reconnects by itself and emits an error per attempt: log at most every 5 s.
    if (Date.now() - lastErrorLog < 5_000) return;
    lastErrorLog = Date.now();
    logger.error({ err: error }, 'redis connection error');
  };
  pub.on('error', onError);
  sub.on('error', onError);
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    pub.disconnect();
    sub.disconnect();
    throw new Error(
      `cannot connect to REDIS_URL: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  io.adapter(
    createAdapter(pub, sub, {
      key: 'ringside',
      requestsTimeout: CLUSTER_REQUEST_TIMEOUT_MS,
      publishOnSpecificResponseChannel: true,
    }),
  );
  answerRoomQueries(io);
  return {
    redis: pub,
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

/** Whether this node runs with the Redis adapter (and so has peers to ask). */
export function isClustered(io: RingsideIo): boolean {
  return io.of('/').adapter instanceof RedisAdapter;
}

function localRooms(io: RingsideIo, rooms: string[]): string[] {
  const here = io.of('/').adapter.rooms;
  return rooms.filter((room) => (here.get(room)?.size ?? 0) > 0);
}

/** Answers the other nodes' `rooms:present` questions with the rooms that have sockets on this node. */
function answerRoomQueries(io: RingsideIo): void {
  io.on('rooms:present', (rooms, reply) => {
    // Only nodes sharing our Redis can ask; still, take nothing for granted about the shape.
    reply(
      Array.isArray(rooms)
        ? localRooms(
            io,
            rooms.filter((room) => typeof room === 'string'),
          )
        : [],
    );
  });
}

/**
 * Which of `rooms` have a socket on any node. One round trip for many rooms, and the answers
 * carry room names only (`fetchSockets()` would ship every socket's handshake). Rejects when a
 * node does not answer in time: the caller must not act on a partial answer.
 */
export async function occupiedRooms(io: RingsideIo, rooms: string[]): Promise<Set<string>> {
  const present = new Set(localRooms(io, rooms));
  const elsewhere = rooms.filter((room) => !present.has(room));
  if (elsewhere.length === 0 || !isClustered(io)) return present;
  const answers = await io.serverSideEmitWithAck('rooms:present', elsewhere);
  for (const answer of answers) for (const room of answer) present.add(room);
  return present;
}
