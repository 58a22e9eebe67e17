import type { Updateable } from 'kysely';
import { affectedRows, type Db } from './db.js';
import type { CallState, CallsTable } from './schema.js';

export type CallRow = CallsTable;

const liveStates: CallState[] = ['ringing', 'active'];

/** Call records. State changes go only through `compareAndSet`, which the state machine in calls/ drives. */
export function createCallStore(db: Db) {
  return {
    async insert(call: CallRow): Promise<void> {
      await db.insertInto('calls').values(call).execute();
    },

    async byId(id: string): Promise<CallRow | undefined> {
      return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /**
     * Atomically moves a call from one of `from` to the patch's state: a conditional UPDATE whose
     * affected-row count says whether this caller won. Safe across nodes sharing the database.
     */
    async compareAndSet(id: string, from: CallState[], patch: Updateable<CallsTable>): Promise<boolean> {
      const result = await db
        .updateTable('calls')
        .set(patch)
        .where('id', '=', id)
        .where('state', 'in', from)
        .executeTakeFirst();
      return affectedRows(result) === 1;
    },

    /** Ringing or active calls in which the user is caller or callee. */
    async liveCallsOfUser(userId: string): Promise<CallRow[]> {
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

    async allLive(): Promise<CallRow[]> {
      return db.selectFrom('calls').selectAll().where('state', 'in', liveStates).execute();
    },

    async expiredRinging(nowIso: string): Promise<CallRow[]> {
      return db
        .selectFrom('calls')
        .selectAll()
        .where('state', '=', 'ringing')
        .where('expires_at', '<=', nowIso)
        .execute();
    },

    /** A user's calls, newest first, excluding ones still ringing (they have no outcome yet). */
    async history(userId: string, limit: number, before?: string): Promise<CallRow[]> {
      let query = db
        .selectFrom('calls')
        .selectAll()
        .where('state', '!=', 'ringing')
        .where((eb) => eb.or([eb('caller_id', '=', userId), eb('callee_id', '=', userId)]));
      if (before) query = query.where('created_at', '<', before);
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    async countByState(): Promise<{ state: string; count: number }[]> {
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
      return db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('held_signals')
          .select('payload')
          .where('call_id', '=', callId)
          .orderBy('seq')
          .execute();
        await trx.deleteFrom('held_signals').where('call_id', '=', callId).execute();
        return rows.map((row) => row.payload);
      });
    },

    async dropHeldSignals(callId: string): Promise<void> {
      await db.deleteFrom('held_signals').where('call_id', '=', callId).execute();
    },
  };
}

export type CallStore = ReturnType<typeof createCallStore>;
