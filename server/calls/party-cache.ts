import type { Logger } from 'pino';
import type { CallParties } from './parties.js';
import type { CallNodes } from './ports.js';

/**
 * A cached entry is trusted this long, then re-read from the database on its next use. Ends are
 * pushed to every node (`calls:forget`), so this only bounds how long a node that missed one (Redis
 * down) could keep relaying between the two devices of a call that ended elsewhere.
 */
const ENTRY_TTL_MS = 10_000;
/**
 * How long an end is remembered, so that a database read started before the end cannot put the call
 * back into the cache after it (call ids are never reused; this only needs to outlast one query).
 */
const TOMBSTONE_TTL_MS = 60_000;
const PRUNE_INTERVAL_MS = 15_000;

/**
 * Per-node cache of the parties of ACTIVE calls (`callId -> caller and callee device`), so relaying
 * `call:signal` / `call:media` needs no database read. Filled where accept wins and on a relay's cache
 * miss (one read); emptied where a call ends, on this node at once and on the other nodes through
 * the Redis adapter (`calls:forget`), which `ended` waits for before it resolves: once a node has
 * acknowledged an end to a client, no node relays for that call any more. Parties never change while
 * a call is active (a resumed device keeps its deviceId), so nothing else invalidates an entry.
 */
export function createCallPartyCache(deps: {
  nodes: CallNodes;
  logger: Logger;
  now?: () => number;
  /** Also told of every end, here or elsewhere (held signals drop theirs). */
  onForget?: (callId: string) => void;
}) {
  const { nodes, logger } = deps;
  const now = deps.now ?? Date.now;
  const active = new Map<string, { parties: CallParties; until: number }>();
  const tombstones = new Map<string, number>();

  function forgetHere(callId: string): void {
    active.delete(callId);
    tombstones.set(callId, now() + TOMBSTONE_TTL_MS);
    deps.onForget?.(callId);
  }

  nodes.onForgetCalls((callIds) => callIds.forEach(forgetHere));

  const pruner = setInterval(() => {
    const at = now();
    for (const [id, entry] of active) if (entry.until <= at) active.delete(id);
    for (const [id, until] of tombstones) if (until <= at) tombstones.delete(id);
  }, PRUNE_INTERVAL_MS);
  pruner.unref();

  return {
    /** The parties of an active call, or undefined (not cached, expired, or ended). */
    get(callId: string): CallParties | undefined {
      const entry = active.get(callId);
      if (!entry) return undefined;
      if (entry.until > now()) return entry.parties;
      active.delete(callId);
      return undefined;
    },

    /** Whether this node has seen the call end (its relay must then answer `not_found`). */
    hasEnded(callId: string): boolean {
      return tombstones.has(callId);
    },

    /** Caches an active call's parties, unless this node already saw it end. */
    remember(call: CallParties & { id: string }) {
      if (call.state !== 'active' || !call.callee_device || tombstones.has(call.id)) return;
      const { state, caller_id, caller_device, callee_id, callee_device } = call;
      active.set(call.id, {
        parties: { state, caller_id, caller_device, callee_id, callee_device },
        until: now() + ENTRY_TTL_MS,
      });
    },

    /**
     * A call ended (this node won the end): forget it here, and on every other node before resolving.
     * A node that does not answer in time is logged, not waited for: its entry expires with the TTL.
     */
    async ended(callId: string): Promise<void> {
      forgetHere(callId);
      try {
        await nodes.forgetCalls([callId]);
      } catch (error) {
        logger.warn({ err: error, callId }, 'calls:forget not acknowledged by every node');
      }
    },

    /** Entries and tombstones held (tests, metrics). */
    size(): { active: number; tombstones: number } {
      return { active: active.size, tombstones: tombstones.size };
    },

    stop(): void {
      clearInterval(pruner);
    },
  };
}

export type CallPartyCache = ReturnType<typeof createCallPartyCache>;
