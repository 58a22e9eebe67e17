// The call store's writes of a call's lifecycle: insert, ring, state changes, accept, quality.
import type { Updateable } from 'kysely';
import type { CallQualitySummary } from '../../protocol/index.js';
import { affectedRows, type Db } from './db.js';
import { lockFailureOf, type LockFailure } from './call-lock-triggers.js';
import { liveStates, metaColumns, type CallMeta, type CallRow } from './call-columns.js';
import type { CallState, CallsTable } from './schema.js';

/** The writes part of the call store; state changes go only through `compareAndSet` and `acceptRinging`. */
export function createCallLifecycleWrites(db: Db) {
  return {
    async insert(call: CallRow): Promise<void> {
      await db.insertInto('calls').values(call).execute();
    },

    /**
     * Inserts a ringing call; the database's trigger locks both users to it in the same statement
     * (`call-lock-triggers.ts`). Fails (nothing written) when either user already holds a lock:
     * another live call, possibly on another node.
     */
    async insertRinging(call: CallRow): Promise<'ringing' | LockFailure> {
      try {
        await db.insertInto('calls').values(call).execute();
        return 'ringing';
      } catch (error) {
        const failure = lockFailureOf(error);
        if (failure) return failure;
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
     * affected-row count says whether this caller won. Safe across nodes sharing the database; an
     * end frees both users' locks in the same statement (trigger).
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

    /**
     * ringing -> active for `calleeDevice`, in one statement that also checks the accepter is the
     * callee and the ring has not expired. Returns the call as it is now, or undefined when this
     * accept did not win (the caller then reads the row to say why).
     */
    async acceptRinging(
      id: string,
      calleeId: string,
      calleeDevice: string,
      nowIso: string,
    ): Promise<CallMeta | undefined> {
      return db
        .updateTable('calls')
        .set({ state: 'active', callee_device: calleeDevice, answered_at: nowIso })
        .where('id', '=', id)
        .where('callee_id', '=', calleeId)
        .where('state', '=', 'ringing')
        .where('expires_at', '>', nowIso)
        .returning(metaColumns)
        .executeTakeFirst();
    },

    /** Store the quality summary the hanging-up client measured (as JSON; read back through its schema). */
    async setQuality(id: string, quality: CallQualitySummary): Promise<void> {
      await db
        .updateTable('calls')
        .set({ quality: JSON.stringify(quality) })
        .where('id', '=', id)
        .execute();
    },
  };
}
