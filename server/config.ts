import { resolve } from 'node:path';
import { z } from 'zod';

/** Seconds, accepting fractions so tests can use short timeouts (e.g. RING_TIMEOUT_S=0.5). */
const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** Every environment variable the server reads, with its default. docs/server.md mirrors this list. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'DATABASE_URL must start with sqlite: or postgres://')
    .optional(),
  RING_TIMEOUT_S: seconds(45),
  RECONNECT_GRACE_S: seconds(30),
  SWEEP_INTERVAL_S: seconds(5),
  STUN_URLS: csv('stun:stun.l.google.com:19302,stun:stun1.l.google.com:19302'),
  TURN_URLS: csv(''),
  TURN_SECRET: z.string().min(1).optional(),
  TURN_TTL_S: count(3600),
  ICE_TRANSPORT_POLICY: z.enum(['all', 'relay']).default('all'),
  CORS_ORIGINS: csv('chrome-extension://*'),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOGIN_RATE_MAX: count(10),
  LOGIN_RATE_WINDOW_S: seconds(60),
  LOGIN_IP_RATE_MAX: count(100),
  LOGIN_IP_RATE_WINDOW_S: seconds(60),
  REGISTER_RATE_MAX: count(20),
  REGISTER_RATE_WINDOW_S: seconds(3600),
  INVITE_RATE_MAX: count(20),
  INVITE_RATE_WINDOW_S: seconds(60),
  SIGNAL_RATE_MAX: count(200),
  SIGNAL_RATE_WINDOW_S: seconds(10),
  RECORD_RATE_MAX: count(20),
  RECORD_RATE_WINDOW_S: seconds(60),
  MAX_SOCKETS_PER_USER: count(10),
  CONTACT_REQUEST_RATE_MAX: count(20),
  CONTACT_REQUEST_RATE_WINDOW_S: seconds(3600),
  CONTACT_DECLINE_COOLDOWN_S: z.coerce
    .number()
    .min(0)
    .default(7 * 24 * 3600),
  SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(15),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  DATABASE_POOL_SIZE: count(20),
  DATABASE_PREPARED_STATEMENTS: z.enum(['on', 'off']).default('on'),
  REDIS_STREAM_MAX_LEN: count(100_000),
});

export type Env = Record<string, string | undefined>;

/** List variables whose empty value is meaningful (no entries) rather than "use the default". */
const explicitEmpty = new Set(['STUN_URLS', 'TURN_URLS']);

export interface RateLimitSetting {
  /** Requests allowed in one window (the bucket's capacity). */
  max: number;
  /** Seconds for a full bucket to refill. */
  windowS: number;
}

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** `sqlite:<path>` or `postgres://...`. */
  databaseUrl: string;
  ringTimeoutS: number;
  reconnectGraceS: number;
  /** How often each node ends overdue ringing calls and looks for call devices connected nowhere. */
  sweepIntervalS: number;
  stunUrls: string[];
  turnUrls: string[];
  turnSecret: string | undefined;
  turnTtlS: number;
  /** `relay` makes clients use TURN only (hides their addresses from the peer; also how TURN is tested). */
  iceTransportPolicy: 'all' | 'relay';
  /** Allowed CORS origins; `*` in an entry matches any run of characters. */
  corsOrigins: string[];
  /** Reverse proxies in front of the node that append to X-Forwarded-For (0: use the peer address). */
  trustProxyHops: number;
  logLevel: string;
  rateLimits: {
    /** Failed logins per IP + username (a success resets it); also wrong current passwords per user. */
    login: RateLimitSetting;
    /** Login attempts per IP, whatever the username. */
    loginIp: RateLimitSetting;
    register: RateLimitSetting;
    invite: RateLimitSetting;
    signal: RateLimitSetting;
    /** `call:record` per user + call (issue 15): every action counts, so a peer cannot flood consent prompts. */
    record: RateLimitSetting;
    /** `POST /api/contacts` per user. */
    contactRequest: RateLimitSetting;
  };
  /** Seconds after a decline before the same user may request again (0: at once). */
  contactDeclineCooldownS: number;
  /** Concurrent sockets per user (across nodes with Redis); the newest beyond it gets connect_error `too_many_sockets`. */
  maxSocketsPerUser: number;
  /** log2 of scrypt's cost N. 15 by default; tests lower it to stay fast. */
  scryptLogN: number;
  /** Set: the Socket.IO Redis adapter joins this node to the others on the same Redis (scale-out). */
  redisUrl: string | undefined;
  /** PostgreSQL connections per node (each set-up needs ~4 short statements; the pool queues the rest). */
  databasePoolSize: number;
  /** PostgreSQL: name each distinct statement so it is parsed and planned once per connection. */
  databasePreparedStatements: boolean;
  /** Events kept in the Redis stream: what connection state recovery can replay (scale-out). */
  redisStreamMaxLen: number;
}

/** Thrown when the environment is invalid; the message lists every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment and returns the typed configuration, or throws ConfigError. */
export function loadConfig(env: Env = process.env): ServerConfig {
  // Empty strings mean "unset" (as in `VAR= cmd`), except for the ICE server lists, where an explicit
  // empty value (or `none`) means "no servers": offline installs must be able to turn public STUN off.
  const present = Object.fromEntries(
    Object.entries(env)
      .filter(([name, value]) => value !== undefined && (value !== '' || explicitEmpty.has(name)))
      .map(([name, value]) => [name, explicitEmpty.has(name) && value?.trim() === 'none' ? '' : value]),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${resolve(dataDir, 'ringside.db')}`,
    ringTimeoutS: e.RING_TIMEOUT_S,
    reconnectGraceS: e.RECONNECT_GRACE_S,
    sweepIntervalS: e.SWEEP_INTERVAL_S,
    stunUrls: e.STUN_URLS,
    turnUrls: e.TURN_URLS,
    turnSecret: e.TURN_SECRET,
    turnTtlS: e.TURN_TTL_S,
    iceTransportPolicy: e.ICE_TRANSPORT_POLICY,
    corsOrigins: e.CORS_ORIGINS,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    logLevel: e.LOG_LEVEL,
    rateLimits: {
      login: { max: e.LOGIN_RATE_MAX, windowS: e.LOGIN_RATE_WINDOW_S },
      loginIp: { max: e.LOGIN_IP_RATE_MAX, windowS: e.LOGIN_IP_RATE_WINDOW_S },
      register: { max: e.REGISTER_RATE_MAX, windowS: e.REGISTER_RATE_WINDOW_S },
      invite: { max: e.INVITE_RATE_MAX, windowS: e.INVITE_RATE_WINDOW_S },
      signal: { max: e.SIGNAL_RATE_MAX, windowS: e.SIGNAL_RATE_WINDOW_S },
      record: { max: e.RECORD_RATE_MAX, windowS: e.RECORD_RATE_WINDOW_S },
      contactRequest: { max: e.CONTACT_REQUEST_RATE_MAX, windowS: e.CONTACT_REQUEST_RATE_WINDOW_S },
    },
    contactDeclineCooldownS: e.CONTACT_DECLINE_COOLDOWN_S,
    maxSocketsPerUser: e.MAX_SOCKETS_PER_USER,
    scryptLogN: e.SCRYPT_LOG_N,
    redisUrl: e.REDIS_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS === 'on',
    redisStreamMaxLen: e.REDIS_STREAM_MAX_LEN,
  };
}
