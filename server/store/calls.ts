// The call store: SQL of invite/accept/end/history over SQLite and PostgreSQL, composed of its parts.
import type { Db } from './db.js';
import { createCallLifecycleWrites } from './call-lifecycle-writes.js';
import { createCallReads } from './call-reads.js';
import { createInviteCheck } from './call-invite-check.js';

export type { CallMeta, CallRow } from './call-columns.js';
export type { InviteCheck } from './call-invite-check.js';

/** Call records. State changes go only through `compareAndSet`, which the state machine in calls/ drives. */
export function createCallStore(db: Db) {
  return {
    ...createCallLifecycleWrites(db),
    ...createCallReads(db),
    ...createInviteCheck(db),
  };
}

export type CallStore = ReturnType<typeof createCallStore>;
