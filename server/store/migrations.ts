import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { callLockTriggers } from './call-lock-triggers.js';

/**
 * Versioned migrations, applied in name order at start. Only schema-builder calls and portable
 * types (text, integer), so the same list runs on SQLite and PostgreSQL. Never edit a released one:
 * add `0002_...`.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('username', 'text', (col) => col.notNull().unique())
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('password_hash', 'text', (col) => col.notNull())
        .addColumn('dnd', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('contacts')
        .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('contact_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('contacts_pk', ['user_id', 'contact_id'])
        .execute();
      await db.schema
        .createTable('contact_requests')
        .addColumn('from_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('to_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('contact_requests_pk', ['from_id', 'to_id'])
        .execute();
      await db.schema
        .createTable('calls')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('caller_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('callee_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('caller_device', 'text', (col) => col.notNull())
        .addColumn('callee_device', 'text')
        .addColumn('media', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('offer_sdp', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('answered_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('end_reason', 'text')
        .execute();
      await db.schema
        .createIndex('calls_caller_idx')
        .on('calls')
        .columns(['caller_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('calls_callee_idx')
        .on('calls')
        .columns(['callee_id', 'created_at'])
        .execute();
      await db.schema.createIndex('calls_state_idx').on('calls').column('state').execute();
      await db.schema
        .createTable('held_signals')
        .addColumn('call_id', 'text', (col) => col.notNull().references('calls.id'))
        .addColumn('seq', 'text', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('held_signals_pk', ['call_id', 'seq'])
        .execute();
    },
  },
  '0002_call_locks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('call_locks')
        .addColumn('user_id', 'text', (col) => col.primaryKey())
        .addColumn('call_id', 'text', (col) => col.notNull().references('calls.id'))
        .execute();
    },
  },
  '0003_call_quality': {
    async up(db: Kysely<unknown>) {
      // JSON of CallQualitySummary, sent with call:hangup (null when the client sent none).
      await db.schema.alterTable('calls').addColumn('quality', 'text').execute();
    },
  },
  '0004_contact_blocks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('contact_blocks')
        .addColumn('blocker_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('blocked_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('contact_blocks_pk', ['blocker_id', 'blocked_id'])
        .execute();
      // The last time `to_id` declined a request from `from_id`: re-requests wait out a cool-down.
      await db.schema
        .createTable('contact_declines')
        .addColumn('from_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('to_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('declined_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('contact_declines_pk', ['from_id', 'to_id'])
        .execute();
    },
  },
  '0005_accounts': {
    async up(db: Kysely<unknown>) {
      // Sessions get a public id (what the devices list and "sign out this device" name; never the
      // token hash), a label (the device name the client sent, or one read from its User-Agent) and
      // when they were last used. Sessions from before this get an id derived from their hash.
      await db.schema.alterTable('sessions').addColumn('id', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('label', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('last_used_at', 'text').execute();
      await sql`update sessions set id = substr(token_hash, 1, 32) where id is null`.execute(db);
      await db.schema.createIndex('sessions_id_idx').on('sessions').column('id').unique().execute();
      await db.schema
        .createIndex('sessions_user_idx')
        .on('sessions')
        .columns(['user_id', 'revoked_at'])
        .execute();
      // A deleted account keeps a tombstone row (no name, no password) so that the other party's call
      // history still has someone to point at; see store/account-deletion.ts.
      await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
    },
  },
  // Ringing takes both users' call locks and ending frees them inside the call's own INSERT/UPDATE
  // statement (one round trip each instead of a transaction of four or five): see the file.
  '0006_call_lock_triggers': { up: callLockTriggers },
};

/** Brings the schema to the latest version; throws if a migration fails. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
