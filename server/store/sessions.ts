import { affectedRows, type Db } from './db.js';

/** A live session as the devices list shows it. */
export interface SessionRow {
  id: string;
  tokenHash: string;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** How stale `last_used_at` may get before a use writes it again (one write per minute, not per request). */
const TOUCH_EVERY_MS = 60_000;

/** The devices (sessions) of an account: list, touch, revoke one or all others. */
export function createSessionStore(db: Db) {
  return {
    /** The user's live sessions, most recently used first. */
    async liveOf(userId: string): Promise<SessionRow[]> {
      const rows = await db
        .selectFrom('sessions')
        .select(['id', 'token_hash', 'label', 'created_at', 'last_used_at'])
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .orderBy('last_used_at', 'desc')
        .orderBy('created_at', 'desc')
        .execute();
      return rows.flatMap((row) =>
        row.id
          ? [
              {
                id: row.id,
                tokenHash: row.token_hash,
                label: row.label ?? null,
                createdAt: row.created_at,
                lastUsedAt: row.last_used_at ?? null,
              },
            ]
          : [],
      );
    },

    /** Notes that a session was just used, at most once a minute per session. */
    async touch(tokenHash: string, now = new Date()): Promise<void> {
      const staleBefore = new Date(now.getTime() - TOUCH_EVERY_MS).toISOString();
      await db
        .updateTable('sessions')
        .set({ last_used_at: now.toISOString() })
        .where('token_hash', '=', tokenHash)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
        .execute();
    },

    /** Revokes one live session of the user by its public id; its token hash, or undefined. */
    async revokeById(userId: string, sessionId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('sessions')
        .select('token_hash')
        .where('id', '=', sessionId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const result = await db
        .updateTable('sessions')
        .set({ revoked_at: new Date().toISOString() })
        .where('token_hash', '=', row.token_hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return affectedRows(result) === 1 ? row.token_hash : undefined;
    },

    /** Revokes every live session of the user except `keepTokenHash`; the revoked token hashes. */
    async revokeOthers(userId: string, keepTokenHash: string | undefined): Promise<string[]> {
      let query = db
        .updateTable('sessions')
        .set({ revoked_at: new Date().toISOString() })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (keepTokenHash) query = query.where('token_hash', '!=', keepTokenHash);
      const rows = await query.returning('token_hash').execute();
      return rows.map((row) => row.token_hash);
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
