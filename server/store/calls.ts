import type { Updateable } from 'kysely';
import type { CallQualitySummary } from '../../protocol/index.js';
import { affectedRows, type Db } from './db.js';
import { lockFailureOf, type LockFailure } from './call-lock-triggers.js';
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

/** What one statement tells an invite before it rings (`inviteCheck`). */
export interface InviteCheck {
  caller: { id: string; username: string; displayName: string };
  /** The callee exists and the two are contacts. */
  isContact: boolean;
  calleeDnd: boolean;
  /** Holds a call lock: in a live (ringing or active) call. */
  callerInCall: boolean;
  calleeInCall: boolean;
}

const truthy = (value: unknown): boolean => value === true || Number(value) === 1;

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
     * Every question an invite asks the database before it rings, in one statement: the caller's
     * public profile, whether the callee is a contact, the callee's dnd flag, and whether either user
     * holds a call lock. Undefined when the caller does not exist.
     */
    async inviteCheck(callerId: string, calleeId: string): Promise<InviteCheck | undefined> {
      const row = await db
        .selectFrom('users as caller')
        .leftJoin('users as callee', (join) => join.on('callee.id', '=', calleeId))
        .select((eb) => [
          'caller.id',
          'caller.username',
          'caller.display_name',
          'callee.dnd',
          eb
            .exists(
              eb
                .selectFrom('contacts')
                .select('contacts.user_id')
                .where('contacts.user_id', '=', callerId)
                .where('contacts.contact_id', '=', calleeId),
            )
            .as('is_contact'),
          eb
            .exists(
              eb
                .selectFrom('call_locks')
                .select('call_locks.user_id')
                .where('call_locks.user_id', '=', callerId),
            )
            .as('caller_locked'),
          eb
            .exists(
              eb
                .selectFrom('call_locks')
                .select('call_locks.user_id')
                .where('call_locks.user_id', '=', calleeId),
            )
            .as('callee_locked'),
        ])
        .where('caller.id', '=', callerId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        caller: { id: row.id, username: row.username, displayName: row.display_name },
        isContact: truthy(row.is_contact) && row.dnd !== null,
        calleeDnd: truthy(row.dnd),
        callerInCall: truthy(row.caller_locked),
        calleeInCall: truthy(row.callee_locked),
      };
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
