/**
 * A preload for "what if" runs: applies candidate SQLite fixes to the server from outside, to
 * measure them before anyone changes server/ (server-load.ts: `--whatif stmt-cache,sync-normal`).
 *
 *   BENCH_WHATIF=stmt-cache    memoize better-sqlite3 `prepare` per connection (Kysely prepares every query anew)
 *   BENCH_WHATIF=sync-normal   `PRAGMA synchronous = NORMAL` (WAL: no fsync per commit, still crash-safe)
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

type Fn = (this: unknown, ...args: unknown[]) => unknown;

const wanted = new Set((process.env.BENCH_WHATIF ?? '').split(',').map((s) => s.trim()));
const require = createRequire(join(process.cwd(), 'package.json'));
const Database = require('better-sqlite3') as { prototype: { prepare: Fn; pragma: Fn } };
const originalPrepare = Database.prototype.prepare;
const caches = new WeakMap<object, Map<string, unknown>>();

Database.prototype.prepare = function prepare(this: unknown, ...args: unknown[]) {
  const db = this as object;
  let cache = caches.get(db);
  if (!cache) {
    caches.set(db, (cache = new Map()));
    if (wanted.has('sync-normal')) Database.prototype.pragma.call(this, 'synchronous = NORMAL');
  }
  if (!wanted.has('stmt-cache')) return originalPrepare.apply(this, args);
  const sql = String(args[0]);
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = originalPrepare.apply(this, args)));
  return statement;
};
