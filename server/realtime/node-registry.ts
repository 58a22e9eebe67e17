import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const NODES_KEY = 'ringside:nodes';
const aliveKey = (nodeId: string) => `ringside:node:${nodeId}:alive`;
const usersKey = (nodeId: string) => `ringside:node:${nodeId}:users`;

/**
 * Whether a live node (its heartbeat key present) lists the user, in one Redis command: the keys
 * are the registry's own layout, spelled out in Lua from the node ids in `NODES_KEY`.
 */
const USER_LISTED_LUA = `
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', 'ringside:node:' .. node .. ':alive') == 1
    and redis.call('SISMEMBER', 'ringside:node:' .. node .. ':users', ARGV[1]) == 1 then
    return 1
  end
end
return 0`;

type ListingRedis = Redis & { ringsideUserListed(nodesKey: string, userId: string): Promise<number> };

/**
 * Asks the registry (not the nodes) whether some node serves the user: one Redis round trip instead
 * of a question every node answers. A "yes" can be a moment stale (a last socket that just left), as
 * the reconnect grace already allows; a "no" can be wrong while a node's list is being rebuilt (after
 * Redis lost its data, until the node's next heartbeat), so callers confirm a "no" with the nodes.
 */
export function createUserListing(redis: Redis): (userId: string) => Promise<boolean> {
  // ioredis sends EVALSHA and falls back to EVAL when Redis lost its script cache (a restart).
  redis.defineCommand('ringsideUserListed', { numberOfKeys: 1, lua: USER_LISTED_LUA });
  const listing = redis as ListingRedis;
  return async (userId) => (await listing.ringsideUserListed(NODES_KEY, userId)) === 1;
}

/**
 * Which users each node serves, kept in Redis with a heartbeat per node. When a node dies, no
 * disconnect handler runs for its sockets, so nobody would tell those users' contacts that they
 * went offline; the surviving nodes notice the missing heartbeat, one of them claims the dead
 * node's user list (an atomic RENAME) and recomputes those users' presence.
 */
export function createNodeRegistry(deps: {
  redis: Redis;
  nodeId: string;
  /** Users with at least one socket on this node right now. */
  localUsers: () => string[];
  intervalMs: number;
  logger: Logger;
  /** Called with the users of a node that died (some may be online again elsewhere). */
  onOrphans: (userIds: string[]) => Promise<void>;
}) {
  const { redis, nodeId, logger } = deps;
  // Several missed heartbeats before a node counts as dead: a busy event loop is not a crash.
  const ttlMs = Math.max(3 * deps.intervalMs, 3_000);
  let timer: NodeJS.Timeout | undefined;
  const quietly = (what: string) => (error: unknown) => logger.warn({ err: error }, `node registry: ${what}`);

  async function heartbeat(): Promise<void> {
    // Re-added after another node took us for dead and claimed our list: publish it again.
    const rejoined = (await redis.sadd(NODES_KEY, nodeId)) === 1;
    await redis.set(aliveKey(nodeId), '1', 'PX', ttlMs);
    const users = deps.localUsers();
    if (rejoined && users.length > 0) await redis.sadd(usersKey(nodeId), ...users);
  }

  async function reapDeadNodes(): Promise<void> {
    for (const other of await redis.smembers(NODES_KEY)) {
      if (other === nodeId || (await redis.exists(aliveKey(other))) === 1) continue;
      const claim = `ringside:node:${other}:reaped-by:${nodeId}`;
      try {
        await redis.rename(usersKey(other), claim);
      } catch {
        // No list (it had no users) or another node claimed it first.
        await redis.srem(NODES_KEY, other);
        continue;
      }
      const users = await redis.smembers(claim);
      await redis.del(claim);
      await redis.srem(NODES_KEY, other);
      logger.info({ node: other, users: users.length }, 'node registry: node died, refreshing presence');
      await deps.onOrphans(users);
    }
  }

  return {
    /** Records that a user has a socket on this node (idempotent). */
    userConnected(userId: string): void {
      redis.sadd(usersKey(nodeId), userId).catch(quietly('add user'));
    },

    /** Records that the user's last socket on this node is gone. */
    userDisconnected(userId: string): void {
      redis.srem(usersKey(nodeId), userId).catch(quietly('remove user'));
    },

    /** Beats now and every `intervalMs`, reaping dead nodes each time. */
    async start(): Promise<void> {
      const tick = async () => {
        await heartbeat();
        await reapDeadNodes();
      };
      timer = setInterval(() => void tick().catch(quietly('heartbeat')), deps.intervalMs);
      timer.unref();
      await tick().catch(quietly('heartbeat'));
    },

    /**
     * Stops beating. The node's keys stay: after the TTL the other nodes reap its users, recomputing
     * presence for those who did not reconnect elsewhere (a stopped node disconnects without telling).
     */
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type NodeRegistry = ReturnType<typeof createNodeRegistry>;
