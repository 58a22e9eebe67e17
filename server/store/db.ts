import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrations.js';

export type Db = Kysely<Database>;

/** Picks the dialect from the URL: `sqlite:<path>` (default) or `postgres://...`. */
function dialectFor(databaseUrl: string, onIdleError: (error: Error) => void): Dialect {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    // An idle connection that breaks (PostgreSQL restarted, failover) emits 'error' on the pool;
    // unhandled, that would kill the process. The pool drops the client and the next query reconnects.
    pool.on('error', onIdleError);
    return new PostgresDialect({ pool });
  }
  const file = databaseUrl.replace(/^sqlite:/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  // WAL lets readers run during a write; busy_timeout rides out a concurrent writer instead of failing.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return new SqliteDialect({ database });
}

/** Opens the database and runs pending migrations. `onIdleError` hears of broken idle PostgreSQL connections. */
export async function openDatabase(
  databaseUrl: string,
  onIdleError: (error: Error) => void = () => {},
): Promise<Db> {
  const db = new Kysely<Database>({ dialect: dialectFor(databaseUrl, onIdleError) });
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** True when a trivial query succeeds: what /healthz reports. */
export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Rows an UPDATE touched: the basis of every conditional (compare-and-set) state transition. */
export function affectedRows(result: { numUpdatedRows: bigint } | undefined): number {
  return Number(result?.numUpdatedRows ?? 0n);
}
