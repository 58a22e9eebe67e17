import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { answerRoomQueries } from './rooms.js';
import type { RingsideIo } from './socket-io.js';

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
