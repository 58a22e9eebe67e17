// The call store's `held_signals` table: a ringing call's signals kept in the database. Nothing calls
// these since 0bc3d8e (a ringing call's signals are held in memory: calls/held-signals.ts); this file
// came out of a no-behaviour-change split of calls.ts, so they stay until someone removes them.
import type { Db } from './db.js';

/** The held-signals part of the call store. */
export function createHeldSignalStore(db: Db) {
  return {
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
