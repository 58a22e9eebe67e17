import type { Db } from './db.js';

/**
 * Deletes an account in one transaction, leaving a tombstone: the `users` row stays (the other party's
 * call history points at it) but loses its username (replaced by `deleted:<id>`, which no valid
 * username can equal, so the name is free to register again at once), display name and password hash.
 * Contacts, requests, blocks and declines either way, and every session, go. Calls whose other party
 * is deleted too go; the rest stay for that party, without the offer SDP (it may hold addresses).
 * Live calls must have been ended before (calls/ does that, so the peer hears of it).
 * Returns the user's former contacts and requesters, whose lists changed.
 */
export async function deleteAccount(db: Db, userId: string): Promise<{ affectedUserIds: string[] }> {
  return db.transaction().execute(async (trx) => {
    const related = await trx
      .selectFrom('contacts')
      .select('contact_id as id')
      .where('user_id', '=', userId)
      .union(trx.selectFrom('contact_requests').select('from_id as id').where('to_id', '=', userId))
      .union(trx.selectFrom('contact_requests').select('to_id as id').where('from_id', '=', userId))
      .execute();
    await trx
      .deleteFrom('contacts')
      .where((eb) => eb.or([eb('user_id', '=', userId), eb('contact_id', '=', userId)]))
      .execute();
    await trx
      .deleteFrom('contact_requests')
      .where((eb) => eb.or([eb('from_id', '=', userId), eb('to_id', '=', userId)]))
      .execute();
    await trx
      .deleteFrom('contact_blocks')
      .where((eb) => eb.or([eb('blocker_id', '=', userId), eb('blocked_id', '=', userId)]))
      .execute();
    await trx
      .deleteFrom('contact_declines')
      .where((eb) => eb.or([eb('from_id', '=', userId), eb('to_id', '=', userId)]))
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.deleteFrom('call_locks').where('user_id', '=', userId).execute();

    const deletedPeers = trx.selectFrom('users').select('id').where('deleted_at', 'is not', null);
    const orphanCalls = trx
      .selectFrom('calls')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('caller_id', '=', userId), eb('callee_id', 'in', deletedPeers)]),
          eb.and([eb('callee_id', '=', userId), eb('caller_id', 'in', deletedPeers)]),
          eb.and([eb('caller_id', '=', userId), eb('callee_id', '=', userId)]),
        ]),
      );
    await trx.deleteFrom('held_signals').where('call_id', 'in', orphanCalls).execute();
    await trx.deleteFrom('call_locks').where('call_id', 'in', orphanCalls).execute();
    await trx.deleteFrom('calls').where('id', 'in', orphanCalls).execute();
    await trx
      .updateTable('calls')
      .set({ offer_sdp: '' })
      .where((eb) => eb.or([eb('caller_id', '=', userId), eb('callee_id', '=', userId)]))
      .execute();

    await trx
      .updateTable('users')
      .set({
        username: `deleted:${userId}`,
        display_name: 'Deleted user',
        password_hash: '',
        dnd: 0,
        deleted_at: new Date().toISOString(),
      })
      .where('id', '=', userId)
      .execute();
    return { affectedUserIds: [...new Set(related.map((row) => row.id))] };
  });
}
