import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Dialect,
  type SqliteDatabase as SqliteDatabaseLike,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrations.js';
import { withNamedStatements } from './postgres-statements.js';

export type Db = Kysely<Database>;

/** Picks the dialect from the URL: `sqlite:<path>` (default) or `postgres://...`. */
function dialectFor(
  databaseUrl: string,
  onIdleError: (error: Error) => void,
  poolSize: number,
  preparedStatements: boolean,
): Dialect {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
    // An idle connection that breaks (PostgreSQL restarted, failover) emits 'error' on the pool;
    // unhandled, that would kill the process. The pool drops the client and the next query reconnects.
    pool.on('error', onIdleError);
    return new PostgresDialect({ pool: preparedStatements ? withNamedStatements(pool) : pool });
  }
  const file = databaseUrl.replace(/^sqlite:/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  // WAL lets readers run during a write; busy_timeout rides out a concurrent writer instead of failing.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  // In WAL mode NORMAL skips the fsync per commit (the WAL is synced at checkpoints): a process crash
  // loses nothing, a power loss may lose the last commits but never corrupts. A call set-up commits
  // several times; each no longer waits for the disk.
  database.pragma('synchronous = NORMAL');
  return new SqliteDialect({ database: withStatementCache(database) });
}

/** Most distinct SQL texts kept prepared (queries with `in (?, ?, ...)` lists vary with the list). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew: in the bench profile (bench/, under call load) better-sqlite3's
 * `prepare` alone took ~16% of the node's CPU. Reuse prepared statements per SQL text (LRU). Safe because nothing here streams
 * (`iterate`), so a statement is never busy when it is handed out again.
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDatabaseLike {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText) {
      let statement = cache.get(sqlText);
      if (statement) cache.delete(sqlText);
      else statement = database.prepare(sqlText);
      cache.set(sqlText, statement); // most recently used last
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

/** Opens the database and runs pending migrations. `onIdleError` hears of broken idle PostgreSQL connections. */
export async function openDatabase(
  databaseUrl: string,
  onIdleError: (error: Error) => void = () => {},
  poolSize = 20,
  preparedStatements = true,
): Promise<Db> {
  const db = new Kysely<Database>({
    dialect: dialectFor(databaseUrl, onIdleError, poolSize, preparedStatements),
  });
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
