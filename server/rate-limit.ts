import type { RateLimitSetting } from './config.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets keyed by string (user id, IP + username, socket id). In memory per node, which
 * is enough against one abusive client; the scale-out issue can move it to Redis.
 */
export function createRateLimiter({ max, windowS }: RateLimitSetting, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = max / (windowS * 1000);

  // Full buckets carry no information; dropping them bounds memory under many distinct keys.
  const sweep = (time: number) => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (time - bucket.updatedAt) * refillPerMs >= max) buckets.delete(key);
    }
  };

  return {
    /** Takes one token for `key`; false when the bucket is empty (the caller answers `rate_limited`). */
    take(key: string): boolean {
      const time = now();
      if (buckets.size > 10_000) sweep(time);
      const bucket = buckets.get(key) ?? { tokens: max, updatedAt: time };
      bucket.tokens = Math.min(max, bucket.tokens + (time - bucket.updatedAt) * refillPerMs);
      bucket.updatedAt = time;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    /** Forgets a key, e.g. after a successful login. */
    reset(key: string): void {
      buckets.delete(key);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
