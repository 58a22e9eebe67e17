import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Most distinct SQL texts given a name (queries with `in ($1, $2, ...)` lists vary with the list). */
const MAX_NAMED_STATEMENTS = 500;

/** What may be prepared: plain data statements, never DDL, transaction control or locks. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

/**
 * PostgreSQL error codes after which a connection's prepared statements cannot be trusted:
 * `0A000` "cached plan must not change result type" (a migration changed a table a prepared
 * `select *` reads), `26000` "prepared statement does not exist" (a pooler in front swapped the
 * server connection).
 */
const STALE_STATEMENT_CODES = new Set(['0A000', '26000']);

/**
 * Kysely sends every query unnamed, so PostgreSQL parses and plans each one again: in the
 * benchmark that was ~30% of PostgreSQL's CPU per call set-up (docs/benchmarks.md, issue 13).
 * This pool names each distinct SQL text once (process-wide, so a name always means one text);
 * the pg driver then prepares it once per connection and afterwards sends only Bind and Execute.
 * A connection whose statements went stale is closed on release and replaced by the pool; the
 * query that met it fails once, as it would have without preparation during that change.
 */
export function withNamedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED_STATEMENTS && PREPARABLE.test(text)) {
      name = `ringside_${names.size}`;
      names.set(text, name);
    }
    return name;
  };

  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let stale = false;
      const run = async (text: string, parameters: ReadonlyArray<unknown>) => {
        try {
          return await client.query({ name: nameOf(text), text, values: [...parameters] });
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'string' && STALE_STATEMENT_CODES.has(code)) stale = true;
          throw error;
        }
      };
      // Kysely passes a cursor only for `.stream()`: that goes to the driver as it is.
      const query = (textOrCursor: unknown, parameters?: ReadonlyArray<unknown>) =>
        typeof textOrCursor === 'string'
          ? run(textOrCursor, parameters ?? [])
          : client.query(textOrCursor as pg.Submittable);
      return {
        query: query as unknown as PostgresPoolClient['query'],
        release: () => client.release(stale),
      };
    },
    end: () => pool.end(),
  };
}
