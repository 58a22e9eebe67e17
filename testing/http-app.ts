/** The HTTP app alone on a temp SQLite file, for Hono `app.request` tests: no TCP port, no Socket.IO listening. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Server } from 'socket.io';
import { loadConfig, type Env } from '../server/config.js';
import { createHttpApp } from '../server/http/http-app.js';
import { createLimiters } from '../server/limits/limiters.js';
import { createMetrics } from '../server/metrics.js';
import { createPresence } from '../server/realtime/presence.js';
import type { RingsideIo } from '../server/realtime/socket-io.js';
import { createCallStore } from '../server/store/calls.js';
import { createContactBlockStore } from '../server/store/contact-blocks.js';
import { createContactStore } from '../server/store/contacts.js';
import { createSessionStore } from '../server/store/sessions.js';
import { openDatabase } from '../server/store/db.js';
import { createUserStore } from '../server/store/users.js';

/** Builds the app on a fresh temp database; `overrides` are environment variables. */
export async function buildHttpApp(overrides: Env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-http-app-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', SCRYPT_LOG_N: '10', ...overrides });
  const logger = pino({ level: 'silent' });
  const db = await openDatabase(config.databaseUrl);
  const stores = { users: createUserStore(db), contacts: createContactStore(db), calls: createCallStore(db) };
  // Not attached to an HTTP server: nothing to close.
  const io = new Server() as RingsideIo;
  const presence = createPresence({ io, logger, ...stores });
  const metrics = createMetrics({ connectedSockets: () => 0, calls: stores.calls });
  const blocks = createContactBlockStore(db);
  const app = createHttpApp({
    config,
    db,
    io,
    presence,
    metrics,
    logger,
    blocks,
    sessions: createSessionStore(db),
    limiters: createLimiters(config, undefined, logger),
    // No call core here: these tests make no calls.
    endCallsOfUser: async () => [],
    ...stores,
  });
  return {
    app,
    db,
    async close() {
      presence.stop();
      try {
        await db.destroy();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A JSON request for `app.request`, optionally from a client address (needs TRUST_PROXY_HOPS=1). */
export function jsonRequest(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
