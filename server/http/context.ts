import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { EndCallsOfUser } from '../calls/end-for-account.js';
import type { ServerConfig } from '../config.js';
import { AppError } from '../errors.js';
import type { Limiters } from '../limits/limiters.js';
import type { Metrics } from '../metrics.js';
import type { PresenceService } from '../realtime/presence.js';
import type { RingsideIo } from '../realtime/socket-io.js';
import type { CallStore } from '../store/calls.js';
import type { ContactBlockStore } from '../store/contact-blocks.js';
import type { ContactStore } from '../store/contacts.js';
import type { Db } from '../store/db.js';
import type { SessionStore } from '../store/sessions.js';
import type { StoredUser, UserStore } from '../store/users.js';

/** Hono environment: Node bindings plus what `requireAuth` sets. */
export interface AppEnv {
  Bindings: HttpBindings;
  Variables: { user: StoredUser; tokenHash: string };
}

/** Everything the routes need, passed in (no singletons). */
export interface HttpDeps {
  config: ServerConfig;
  db: Db;
  io: RingsideIo;
  users: UserStore;
  contacts: ContactStore;
  blocks: ContactBlockStore;
  calls: CallStore;
  presence: PresenceService;
  sessions: SessionStore;
  /** Every rate limit, shared across nodes with Redis. */
  limiters: Limiters;
  /** Ends a user's live calls (with one other user when given) as if that user hung up (calls/). */
  endCallsOfUser: EndCallsOfUser;
  metrics: Metrics;
  logger: Logger;
}

// The protocol's schemas are zod/mini, which loads no locale: without this, the messages of `invalid`
// answers (HTTP and socket acks alike) would read "Invalid input" unless some classic schema happened
// to be built first. Zod's configuration is process-wide; setting English again is harmless.
z.config(z.locales.en());

/** Whether a Content-Type header names JSON (`application/json`, any parameters). */
export const isJsonContentType = (header: string | undefined): boolean =>
  /^application\/json\s*(;|$)/i.test(header?.trim() ?? '');

/**
 * Parses the JSON body against a schema (classic or zod/mini: the protocol's are mini); malformed
 * JSON and schema failures are both `invalid`.
 */
export async function readJson<S extends z.core.$ZodType>(
  c: Context<AppEnv>,
  schema: S,
): Promise<z.infer<S>> {
  // Also checked by requireJsonBodies for every route; here for a route that reads a body without one.
  if (!isJsonContentType(c.req.header('content-type')))
    throw new AppError('unsupported_media_type', 'send the body as application/json');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('invalid', 'the body is not valid JSON');
  }
  const parsed = z.safeParse(schema, body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    throw new AppError('invalid', problems.join('; ').slice(0, 500));
  }
  return parsed.data;
}

/** The peer address, for per-IP rate limits. */
/**
 * The client's IP address for rate limits. Behind `trustProxyHops` reverse proxies (TRUST_PROXY_HOPS),
 * each of which appends the address it saw to X-Forwarded-For, the client is that many entries from
 * the right of XFF + the peer address; entries further left are whatever the client sent, never trusted.
 */
export function clientIp(c: Context<AppEnv>, trustProxyHops = 0): string {
  const peer = c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
  if (trustProxyHops <= 0) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustProxyHops)] ?? peer;
}
