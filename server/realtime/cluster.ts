import { setTimeout } from 'node:timers/promises';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { deliverToRecoveringSockets, waitForAdapter } from './adapter-guards.js';
import { createUserListing } from './node-registry.js';
import { answerRoomQueries, useUserListing } from './rooms.js';
import { markClustered, type RingsideIo } from './socket-io.js';

/** This node's link to the cluster: the command connection (also for the node registry) and close. */
export interface ClusterLink {
  redis: Redis;
  close(): Promise<void>;
}

/**
 * Events kept in the Redis stream (approximate trim). Connection state recovery replays a client's
 * missed events from it, so this bounds the recovery window under load: at ~25 stream entries per call
 * set-up, 100,000 entries hold 4 s of history at 1,000 set-ups/s and minutes at everyday rates.
 */
export const DEFAULT_STREAM_MAX_LEN = 100_000;

/**
 * Joins this node to the others on the same Redis with the Socket.IO Redis Streams adapter: every
 * `io.to(room)` is appended to one Redis stream that every node reads (in order), and questions between
 * nodes (`serverSideEmitWithAck`, `fetchSockets()`, `disconnectSockets()`) go over pub/sub. The
 * stream is also what connection state recovery replays to a client that reconnects (on any node)
 * within the recovery window. Resolves once the command connection is up (a wrong REDIS_URL fails the
 * start) and the adapter both hears the other nodes and reads the stream: only then may the node listen.
 */
export async function attachRedisAdapter(
  io: RingsideIo,
  redisUrl: string,
  logger: Logger,
  streamMaxLen = DEFAULT_STREAM_MAX_LEN,
): Promise<ClusterLink> {
  // maxRetriesPerRequest null: while Redis restarts, commands (the stream appends of emits) wait for
  // it instead of failing after 20 reconnect attempts; they go out once it is back.
  // Auto-pipelining: the commands of one event-loop turn (stream appends, limiter leases, registry
  // reads) leave in one write, and while one batch awaits its replies the next one gathers. Writes,
  // not commands, are what a set-up costs here (docs/benchmarks.md, issue 13). The adapter's reading
  // connections are duplicates of this one; each sends only its blocking XREAD.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectionName: 'ringside',
    maxRetriesPerRequest: null,
    enableAutoPipelining: true,
  });
  let lastErrorLog = 0;
  redis.on('error', (error: Error) => {
    // ioredis reconnects by itself and emits an error per attempt: log at most every 5 s.
    if (Date.now() - lastErrorLog < 5_000) return;
    lastErrorLog = Date.now();
    logger.error({ err: error }, 'redis connection error');
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `cannot connect to REDIS_URL: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const names = { streamName: 'ringside', channelPrefix: 'ringside', maxLen: streamMaxLen };
  io.adapter(
    createAdapter(redis, {
      ...names,
      // Our payloads are JSON: skip the per-message binary scan.
      onlyPlaintext: true,
    }),
  );
  deliverToRecoveringSockets(io);
  markClustered(io);
  answerRoomQueries(io);
  useUserListing(io, createUserListing(redis));
  try {
    await waitForAdapter(io, redis, names);
  } catch (error) {
    io.of('/').adapter.close();
    redis.disconnect();
    throw error;
  }
  return {
    redis,
    async close() {
      // The adapter's own (duplicated) connections close with io.close(); this is the command one.
      // QUIT bypasses the auto-pipeline: a PING through it first lets every queued command out
      // (at most 1 s: with Redis down, commands wait for it indefinitely).
      await Promise.race([redis.ping().catch(() => undefined), setTimeout(1_000, undefined, { ref: false })]);
      await Promise.allSettled([redis.quit()]);
    },
  };
}
