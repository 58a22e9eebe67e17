import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import type { RateLimitSetting, ServerConfig } from '../config.js';
import { leasedConsumer } from './leased-limiter.js';

/** A budget of `max` actions per `windowS` per key, shared by every node when Redis is configured. */
export interface RateLimiter {
  /** Spends one point of `key`'s budget; false when it is spent (the caller answers `rate_limited`). */
  take(key: string): Promise<boolean>;
  /** Forgets a key's spending, e.g. after a successful login. */
  reset(key: string): Promise<void>;
}

/** Concurrent things per key (sockets per user) counted on every node: a slot is taken and given back. */
export interface ConcurrencyLimit {
  /** Takes a slot; false (and nothing held) when all `max` are taken. */
  acquire(key: string): Promise<boolean>;
  /** Gives back a slot taken with `acquire`. */
  release(key: string): Promise<void>;
  /** Sets the count to what is really held (after a node died holding slots it never gave back). */
  recount(key: string, held: number): Promise<void>;
}

/** Every limit of the server, by what it limits. */
export interface Limiters {
  /** Failed logins per IP + username. */
  login: RateLimiter;
  /** Login attempts per IP. */
  loginIp: RateLimiter;
  /** Sign-ups per IP. */
  register: RateLimiter;
  /** Wrong current passwords per user (change password, delete account). */
  password: RateLimiter;
  /** `POST /api/contacts` per user. */
  contactRequest: RateLimiter;
  /** `call:invite` per user. */
  invite: RateLimiter;
  /** `call:signal` per user + call. */
  signal: RateLimiter;
  /** `call:record` per user + call. */
  record: RateLimiter;
  /** Concurrent sockets per user. */
  sockets: ConcurrencyLimit;
}

type Store = (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

/**
 * rate-limiter-flexible limiters: RateLimiterRedis on the cluster's ioredis client when REDIS_URL is set
 * (one budget for all nodes; with a memory insurance limiter per node while Redis is unreachable, so an
 * outage neither blocks everyone nor lifts every limit), RateLimiterMemory otherwise.
 */
export function createLimiters(config: ServerConfig, redis: Redis | undefined, logger: Logger): Limiters {
  const store: Store = redis
    ? (options) =>
        new RateLimiterRedis({
          ...options,
          keyPrefix: `ringside:limit:${options.keyPrefix}`,
          storeClient: redis,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        })
    : (options) => new RateLimiterMemory(options);
  const limits = config.rateLimits;
  const rate = (keyPrefix: string, setting: RateLimitSetting, leased = false) =>
    rateLimiter(
      store({ keyPrefix, points: setting.max, duration: Math.ceil(setting.windowS) }),
      logger,
      leased && redis !== undefined,
    );
  return {
    login: rate('login', limits.login),
    loginIp: rate('login-ip', limits.loginIp),
    register: rate('register', limits.register),
    password: rate('password', limits.login),
    contactRequest: rate('contact-request', limits.contactRequest),
    invite: rate('invite', limits.invite),
    // The one limit hit many times a call: spent from Redis in leases of a few points (leased-limiter.ts).
    signal: rate('signal', limits.signal, true),
    record: rate('record', limits.record),
    // duration 0: a slot lasts until given back (or recounted), not for a window.
    sockets: concurrencyLimit(store({ keyPrefix: 'sockets', points: config.maxSocketsPerUser, duration: 0 })),
  };
}

function rateLimiter(limiter: RateLimiterAbstract, logger: Logger, leased: boolean): RateLimiter {
  const leases = leased ? leasedConsumer(limiter) : undefined;
  return {
    async take(key) {
      try {
        if (leases) return await leases.take(key);
        await limiter.consume(key);
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        // Only reached when the insurance limiter failed too: fail closed, but say why.
        logger.error({ err: error }, 'rate limiter failed');
        return false;
      }
    },
    async reset(key) {
      leases?.forget(key);
      await limiter.delete(key).catch(() => undefined);
    },
  };
}

function concurrencyLimit(limiter: RateLimiterAbstract): ConcurrencyLimit {
  return {
    async acquire(key) {
      try {
        await limiter.consume(key);
        return true;
      } catch (error) {
        // consume() counts a refused point too: give it back so the count stays what is held.
        if (error instanceof RateLimiterRes) await limiter.reward(key).catch(() => undefined);
        return false;
      }
    },
    async release(key) {
      const held = await limiter.get(key).catch(() => null);
      if (!held || held.consumedPoints <= 0) return;
      if (held.consumedPoints === 1) await limiter.delete(key).catch(() => undefined);
      else await limiter.reward(key).catch(() => undefined);
    },
    async recount(key, held) {
      if (held <= 0) await limiter.delete(key).catch(() => undefined);
      else await limiter.set(key, held, 0).catch(() => undefined);
    },
  };
}
