import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable, startPostgres, type Service } from '../../scripts/services/index.js';
import { withNamedStatements } from './postgres-statements.js';

interface Tables {
  notes: { id: number; body: string; extra?: string };
}

// Skipped without PostgreSQL, except with CI=true, where startPostgres() then fails loudly.
describe.skipIf(!serviceAvailable('postgres') && process.env.CI !== 'true')(
  'named statements on PostgreSQL',
  () => {
    let service: Service;
    let pool: pg.Pool;
    let db: Kysely<Tables>;
    beforeAll(async () => {
      service = await startPostgres();
      // One connection: every query below meets the statements the ones before it prepared.
      pool = new pg.Pool({ connectionString: service.url, max: 1 });
      db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
      await sql`create table notes (id int primary key, body text not null)`.execute(db);
    }, 60_000);
    afterAll(async () => {
      await db?.destroy();
      await service?.stop();
    });

    it('prepares each text once per connection, and a connection whose statement went stale is replaced', async () => {
      await db.insertInto('notes').values({ id: 1, body: 'a' }).execute();
      await db.insertInto('notes').values({ id: 2, body: 'b' }).execute();
      const all = () => db.selectFrom('notes').selectAll().orderBy('id').execute();
      expect(await all()).toEqual([
        { id: 1, body: 'a' },
        { id: 2, body: 'b' },
      ]);
      const prepared = async () =>
        (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db)).rows.map(
          (row) => row.name,
        );
      const before = await prepared();
      expect(before.length).toBeGreaterThanOrEqual(3); // two inserts (one text) + the select + this one
      await all();
      expect(await prepared()).toEqual(before);

      // A migration adds a column under the prepared `select *`: that connection fails it once
      // ("cached plan must not change result type"), is dropped on release, and the next one works.
      await sql`alter table notes add column extra text`.execute(db);
      await expect(all()).rejects.toMatchObject({ code: '0A000' });
      expect(await all()).toEqual([
        { id: 1, body: 'a', extra: null },
        { id: 2, body: 'b', extra: null },
      ]);
    });
  },
);
