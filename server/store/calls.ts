import type { Updateable } from 'kysely';
import type { CallQualitySummary } from '../../protocol/index.js';
import { affectedRows, type Db } from './db.js';
import type { CallState, CallsTable } from './schema.js';

export type CallRow = CallsTable;
/** A call without its offer SDP (up to 64 KiB): all that anything but a ringing call's resume needs. */
export type CallMeta = Omit<CallsTable, 'offer_sdp'>;

const metaColumns = [
  'id',
  'caller_id',
  'callee_id',
  'caller_device',
  'callee_device',
  'media',
  'state',
  'created_at',
  'expires_at',
  'answered_at',
  'ended_at',
  'end_reason',
  'quality',
] as const;
// Fails to compile when a column is added to `calls` but not to `metaColumns`.
const everyMetaColumn: [Exclude<keyof CallMeta, (typeof metaColumns)[number]>] extends [never]
  ? true
  : never = true;
void everyMetaColumn;

const liveStates: CallState[] = ['ringing', 'active'];

/** Aborts the ringing insert's transaction, naming which user was already in a call. */
class LockTaken extends Error {
  constructor(readonly failure: 'caller_in_call' | 'callee_in_call') {
    super(failure);
  }
}

/** Call records. State changes go only through `compareAndSet`, which the state machine in calls/ drives. */
export function createCallStore(db: Db) {
  return {
    async insert(call: CallRow): Promise<void> {
      await db.insertInto('calls').values(call).execute();
    },

    async byId(id: string): Promise<CallMeta | undefined> {
      return db.selectFrom('calls').select(metaColumns).where('id', '=', id).executeTakeFirst();
    },

    /**
     * Inserts a ringing call and locks both users to it, in one transaction. Fails (nothing written)
     * when either user already holds a lock: another live call, possibly on another node.
     */
    async insertRinging(call: CallRow): Promise<'ringing' | 'caller_in_call' | 'callee_in_call'> {
      try {
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('calls').values(call).execute();
          for (const [userId, failure] of [
            [call.caller_id, 'caller_in_call'],
            [call.callee_id, 'callee_in_call'],
          ] as const) {
            const inserted = await trx
              .insertInto('call_locks')
              .values({ user_id: userId, call_id: call.id })
              .onConflict((conflict) => conflict.column('user_id').doNothing())
              .returning('user_id')
              .executeTakeFirst();
            if (!inserted) throw new LockTaken(failure);
          }
        });
        return 'ringing';
      } catch (error) {
        if (error instanceof LockTaken) return error.failure;
        throw error;
      }
    },

    /** Drops locks left by ended calls (a crash between writes cannot happen, but old data can). */
    async releaseStaleLocks(): Promise<void> {
      await db
        .deleteFrom('call_locks')
        .where('call_id', 'not in', db.selectFrom('calls').select('id').where('state', 'in', liveStates))
        .execute();
    },

    /**
     * Atomically moves a call from one of `from` to the patch's state: a conditional UPDATE whose
     * affected-row count says whether this caller won. Safe across nodes sharing the database.
     */
    async compareAndSet(id: string, from: CallState[], patch: Updateable<CallsTable>): Promise<boolean> {
      if (patch.state !== 'ended') {
        // One statement is atomic by itself; a transaction would only add round trips on PostgreSQL.
        const result = await db
          .updateTable('calls')
          .set(patch)
          .where('id', '=', id)
          .where('state', 'in', from)
          .executeTakeFirst();
        return affectedRows(result) === 1;
      }
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('calls')
          .set(patch)
          .where('id', '=', id)
          .where('state', 'in', from)
          .executeTakeFirst();
        const won = affectedRows(result) === 1;
        // An ended call frees both users in the same transaction as the state change.
        if (won) await trx.deleteFrom('call_locks').where('call_id', '=', id).execute();
        return won;
      });
    },

    /** Ringing or active calls in which the user is caller or callee. */
    async liveCallsOfUser(userId: string): Promise<CallMeta[]> {
      return db
        .selectFrom('calls')
        .select(metaColumns)
        .where('state', 'in', liveStates)
        .where((eb) => eb.or([eb('caller_id', '=', userId), eb('callee_id', '=', userId)]))
        .execute();
    },

    /** The same with the offer SDP, which a resuming callee device of a ringing call needs. */
    async liveCallsOfUserWithOffer(userId: string): Promise<CallRow[]> {
      return db
        .selectFrom('calls')
        .selectAll()
        .where('state', 'in', liveStates)
        .where((eb) => eb.or([eb('caller_id', '=', userId), eb('callee_id', '=', userId)]))
        .execute();
    },

    /** Users among `userIds` who are in an active call (presence `busy`). */
    async usersInActiveCalls(userIds: string[]): Promise<Set<string>> {
      if (userIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('calls')
        .select(['caller_id', 'callee_id'])
        .where('state', '=', 'active')
        .where((eb) => eb.or([eb('caller_id', 'in', userIds), eb('callee_id', 'in', userIds)]))
        .execute();
      return new Set(rows.flatMap((row) => [row.caller_id, row.callee_id]));
    },

    async allLive(): Promise<CallMeta[]> {
      return db.selectFrom('calls').select(metaColumns).where('state', 'in', liveStates).execute();
    },

    async expiredRinging(nowIso: string): Promise<CallMeta[]> {
      return db
        .selectFrom('calls')
        .select(metaColumns)
        .where('state', '=', 'ringing')
        .where('expires_at', '<=', nowIso)
        .execute();
    },

    /** Store the quality summary the hanging-up client measured (as JSON; read back through its schema). */
    async setQuality(id: string, quality: CallQualitySummary): Promise<void> {
      await db
        .updateTable('calls')
        .set({ quality: JSON.stringify(quality) })
        .where('id', '=', id)
        .execute();
    },

    /** A user's calls, newest first, excluding ones still ringing (they have no outcome yet). */
    async history(userId: string, limit: number, before?: string): Promise<CallMeta[]> {
      let query = db
        .selectFrom('calls')
        .select(metaColumns)
        .where('state', '!=', 'ringing')
        .where((eb) => eb.or([eb('caller_id', '=', userId), eb('callee_id', '=', userId)]));
      if (before) query = query.where('created_at', '<', before);
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    async countByState(): Promise<{ state: CallState; count: number }[]> {
      const rows = await db
        .selectFrom('calls')
        .select(['state', db.fn.countAll<string | number>().as('count')])
        .groupBy('state')
        .execute();
      return rows.map((row) => ({ state: row.state, count: Number(row.count) }));
    },

    /** Holds a signal for a ringing call; false when `max` are already held (the extra one is dropped). */
    async holdSignal(callId: string, seq: string, payload: string, max: number): Promise<boolean> {
      const row = await db
        .selectFrom('held_signals')
        .select(db.fn.countAll<string | number>().as('count'))
        .where('call_id', '=', callId)
        .executeTakeFirst();
      if (Number(row?.count ?? 0) >= max) return false;
      await db.insertInto('held_signals').values({ call_id: callId, seq, payload }).execute();
      return true;
    },

    /** Returns and deletes the held signals of a call, oldest first. */
    async takeHeldSignals(callId: string): Promise<string[]> {
      // One DELETE ... RETURNING (SQLite 3.35+, PostgreSQL): atomic, and one round trip instead of four.
      const rows = await db
        .deleteFrom('held_signals')
        .where('call_id', '=', callId)
        .returning(['seq', 'payload'])
        .execute();
      return rows.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0)).map((row) => row.payload);
    },

    async dropHeldSignals(callId: string): Promise<void> {
      await db.deleteFrom('held_signals').where('call_id', '=', callId).execute();
    },
  };
}

export type CallStore = ReturnType<typeof createCallStore>;
