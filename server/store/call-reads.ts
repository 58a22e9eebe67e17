// The call store's reads: one call, live calls (for resume, presence, timers) and history/records.
import type { Db } from './db.js';
import { liveStates, metaColumns, type CallMeta, type CallRow } from './call-columns.js';
import type { CallState } from './schema.js';

/** The reads part of the call store. */
export function createCallReads(db: Db) {
  return {
    async byId(id: string): Promise<CallMeta | undefined> {
      return db.selectFrom('calls').select(metaColumns).where('id', '=', id).executeTakeFirst();
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
  };
}
