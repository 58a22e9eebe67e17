import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * What a ringing insert raises (as the error message) when a user already holds a call lock:
 * the caller or the callee is in another live call (possibly created on another node).
 */
export const lockFailures = ['caller_in_call', 'callee_in_call'] as const;
export type LockFailure = (typeof lockFailures)[number];

/** The lock failure named by a database error from the ringing insert, if it is one. */
export function lockFailureOf(error: unknown): LockFailure | undefined {
  const message = error instanceof Error ? error.message : '';
  return lockFailures.find((failure) => message === failure || message.endsWith(`: ${failure}`));
}

/**
 * "One live call per user", enforced by the database inside the call's own statements:
 * - inserting a `ringing` call takes a `call_locks` row for the caller and for the callee, or fails
 *   the INSERT (nothing written) with `caller_in_call` / `callee_in_call`;
 * - moving a call to `ended` deletes its locks in the same UPDATE.
 * So ring is one INSERT and end one UPDATE (each atomic by itself), not a transaction of 4-5
 * round trips. The two dialects need their own trigger syntax; the behaviour is the same.
 */
export async function callLockTriggers(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`
      create function ringside_lock_on_ring() returns trigger language plpgsql as $$
      begin
        insert into call_locks (user_id, call_id) values (new.caller_id, new.id) on conflict (user_id) do nothing;
        if not found then raise exception 'caller_in_call'; end if;
        insert into call_locks (user_id, call_id) values (new.callee_id, new.id) on conflict (user_id) do nothing;
        if not found then raise exception 'callee_in_call'; end if;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger calls_lock_on_ring after insert on calls
      for each row when (new.state = 'ringing') execute function ringside_lock_on_ring()`.execute(db);
    await sql`
      create function ringside_unlock_on_end() returns trigger language plpgsql as $$
      begin
        delete from call_locks where call_id = new.id;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger calls_unlock_on_end after update of state on calls
      for each row when (new.state = 'ended') execute function ringside_unlock_on_end()`.execute(db);
    return;
  }
  // SQLite: one writer at a time, so checking before inserting cannot race.
  await sql`
    create trigger calls_lock_on_ring after insert on calls when new.state = 'ringing'
    begin
      select raise(abort, 'caller_in_call') where exists (select 1 from call_locks where user_id = new.caller_id);
      select raise(abort, 'callee_in_call') where exists (select 1 from call_locks where user_id = new.callee_id);
      insert into call_locks (user_id, call_id) values (new.caller_id, new.id), (new.callee_id, new.id);
    end`.execute(db);
  await sql`
    create trigger calls_unlock_on_end after update of state on calls when new.state = 'ended'
    begin
      delete from call_locks where call_id = new.id;
    end`.execute(db);
}
