import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Points of a key's shared budget this node has taken from the store and not spent yet. */
interface Lease {
  left: number;
  /** What the store had left after the lease was taken (the next lease is sized from it). */
  storeLeft: number;
  /** The store's window for the key ends then; so does the lease. */
  until: number;
}

/** A lease is at most this many points, and at most this share of what the store has left. */
export const maxLeasePoints = 8;
const leaseShareOfRemaining = 1 / 8;
/** Past this many keys, expired leases are swept when the next lease is taken. */
const sweepAboveKeys = 1_000;

/**
 * Spends a shared budget (rate-limiter-flexible on Redis) in small leases: one store command takes
 * several points of a key's budget, and this node spends them without asking again. A call's burst of
 * `call:signal` (~20 per set-up) then costs ~4 Redis round trips, not ~20 (issue 13).
 *
 * Never more than the budget: leased points are spent in the store. A lease is at most 1/8 of what
 * the store had left, so as the budget runs low every take is one point, counted in the store, and the
 * limit is exact where it matters (shared-limits.test.ts). Points a node leased and did not use are
 * lost for the window: another node may refuse a few takes early, never allow one too many. The first
 * take of a key in a window is always a single point (nothing is known about the budget yet).
 */
export function leasedConsumer(store: RateLimiterAbstract) {
  const leases = new Map<string, Lease>();
  const pending = new Map<string, Promise<boolean>>();

  function sweep(now: number): void {
    if (leases.size <= sweepAboveKeys) return;
    for (const [key, lease] of leases) if (lease.until <= now) leases.delete(key);
  }

  async function lease(key: string): Promise<boolean> {
    const now = Date.now();
    const previous = leases.get(key);
    const known = previous && previous.until > now ? previous.storeLeft : 0;
    const size = Math.max(1, Math.min(maxLeasePoints, Math.floor(known * leaseShareOfRemaining)));
    try {
      const result = await store.consume(key, size);
      sweep(now);
      leases.set(key, {
        left: size - 1,
        storeLeft: result.remainingPoints,
        until: Date.now() + result.msBeforeNext,
      });
      return true;
    } catch (error) {
      leases.delete(key);
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }

  return {
    /** Spends one point of `key`'s budget: false when it is spent; throws when the store failed. */
    async take(key: string): Promise<boolean> {
      for (;;) {
        const current = leases.get(key);
        if (current && current.left > 0 && current.until > Date.now()) {
          current.left -= 1;
          return true;
        }
        // Takes that arrive while a lease is on its way wait for it and spend from it.
        const inFlight = pending.get(key);
        if (inFlight) {
          if (!(await inFlight)) return false;
          continue;
        }
        const taking = lease(key).finally(() => pending.delete(key));
        pending.set(key, taking);
        return await taking;
      }
    },
    /** Forgets what this node holds of `key` (the store's count is reset by the caller). */
    forget(key: string): void {
      leases.delete(key);
    },
  };
}
