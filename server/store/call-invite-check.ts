// The call store's one pre-ring read: every question an invite asks, in one statement.
import type { Db } from './db.js';

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

/** The `inviteCheck` part of the call store. */
export function createInviteCheck(db: Db) {
  return {
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
  };
}
