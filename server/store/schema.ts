import type { CallEndReason, MediaKind } from '../../protocol/index.js';

/**
 * Table types for Kysely. Timestamps are ISO-8601 UTC strings (`Date#toISOString`, fixed width),
 * so they sort and compare the same in SQLite and PostgreSQL; booleans are 0/1 integers for the same reason.
 */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  dnd: number;
  created_at: string;
  /** Set when the account was deleted (migration 0005): the row is a tombstone. */
  deleted_at?: string | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  revoked_at: string | null;
  /** Public id of the session (migration 0005): the devices list names sessions by it. */
  id?: string | null;
  /** The device name the client sent at sign-in, or one read from its User-Agent. */
  label?: string | null;
  last_used_at?: string | null;
}

/** One row per direction: a mutual contact pair is two rows. */
export interface ContactsTable {
  user_id: string;
  contact_id: string;
  created_at: string;
}

export interface ContactRequestsTable {
  from_id: string;
  to_id: string;
  created_at: string;
}

/** `blocker_id` blocked `blocked_id` (migration 0004): no requests, calls or presence between them. */
export interface ContactBlocksTable {
  blocker_id: string;
  blocked_id: string;
  created_at: string;
}

/** When `to_id` last declined a request from `from_id` (migration 0004). */
export interface ContactDeclinesTable {
  from_id: string;
  to_id: string;
  declined_at: string;
}

export type CallState = 'ringing' | 'active' | 'ended';

export interface CallsTable {
  id: string;
  caller_id: string;
  callee_id: string;
  caller_device: string;
  /** Set when a callee device accepts. */
  callee_device: string | null;
  media: MediaKind;
  state: CallState;
  offer_sdp: string;
  created_at: string;
  expires_at: string;
  answered_at: string | null;
  ended_at: string | null;
  end_reason: CallEndReason | null;
  /** JSON of the CallQualitySummary the hanging-up client sent (migration 0003). */
  quality?: string | null;
}

/**
 * Signals the caller sent while ringing, as held before 0bc3d8e (they are now held in memory,
 * calls/held-signals.ts). Nothing writes here any more; the table stays for databases made by older
 * versions, and account deletion still clears their rows.
 */
export interface HeldSignalsTable {
  call_id: string;
  seq: string;
  payload: string;
}

/**
 * One row per user in a live call (ringing or active): the primary key makes "one call per user"
 * atomic across nodes. Taken with the call's insert, released with its end, in the same transaction.
 */
export interface CallLocksTable {
  user_id: string;
  call_id: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  contacts: ContactsTable;
  contact_requests: ContactRequestsTable;
  contact_blocks: ContactBlocksTable;
  contact_declines: ContactDeclinesTable;
  calls: CallsTable;
  held_signals: HeldSignalsTable;
  call_locks: CallLocksTable;
}
