import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ServerConfig } from '../config.js';
import { AppError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter } from '../rate-limit.js';
import type { PresenceService } from '../realtime/presence.js';
import type { RingsideIo } from '../realtime/rooms.js';
import type { CallStore } from '../store/calls.js';
import type { ContactStore } from '../store/contacts.js';
import type { Db } from '../store/db.js';
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
  calls: CallStore;
  presence: PresenceService;
  metrics: Metrics;
  loginLimiter: RateLimiter;
  registerLimiter: RateLimiter;
  logger: Logger;
}

/** Parses the JSON body against a schema; malformed JSON and schema failures are both `invalid`. */
export async function readJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('invalid', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    throw new AppError('invalid', problems.join('; ').slice(0, 500));
  }
  return parsed.data;
}

/** The peer address, for per-IP rate limits. */
export const clientIp = (c: Context<AppEnv>): string => c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
