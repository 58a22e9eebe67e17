import { randomUUID } from 'node:crypto';
import type { User } from '../../protocol/index.js';
import { affectedRows, type Db } from './db.js';
import type { UsersTable } from './schema.js';

export interface StoredUser extends User {
  passwordHash: string;
  dnd: boolean;
}

type UserRow = Omit<UsersTable, 'created_at'>;

const toStoredUser = (row: UserRow): StoredUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  passwordHash: row.password_hash,
  dnd: row.dnd === 1,
});

/** The public shape of a user, never the hash. */
export const publicUser = (user: User): User => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
});

/** Users and their session tokens (stored as sha256 hashes only). */
export function createUserStore(db: Db) {
  const columns = ['id', 'username', 'display_name', 'password_hash', 'dnd'] as const;
  return {
    /** Inserts a user; returns false when the username is taken (unique index). */
    async insert(user: { id: string; username: string; displayName: string; passwordHash: string }) {
      try {
        await db
          .insertInto('users')
          .values({
            id: user.id,
            username: user.username,
            display_name: user.displayName,
            password_hash: user.passwordHash,
            dnd: 0,
            created_at: new Date().toISOString(),
          })
          .execute();
        return true;
      } catch (error) {
        if (/unique|duplicate/i.test(String(error))) return false;
        throw error;
      }
    },

    async byUsername(username: string): Promise<StoredUser | undefined> {
      const row = await db
        .selectFrom('users')
        .select(columns)
        .where('username', '=', username)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return row && toStoredUser(row);
    },

    async byId(id: string): Promise<StoredUser | undefined> {
      const row = await db
        .selectFrom('users')
        .select(columns)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return row && toStoredUser(row);
    },

    async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
      await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    },

    async setDnd(userId: string, dnd: boolean): Promise<void> {
      await db
        .updateTable('users')
        .set({ dnd: dnd ? 1 : 0 })
        .where('id', '=', userId)
        .execute();
    },

    /** Records a new session; `label` names the device in the devices list. */
    async insertSession(tokenHash: string, userId: string, label: string | null = null): Promise<void> {
      const now = new Date().toISOString();
      await db
        .insertInto('sessions')
        .values({
          token_hash: tokenHash,
          user_id: userId,
          created_at: now,
          revoked_at: null,
          id: randomUUID(),
          label,
          last_used_at: now,
        })
        .execute();
    },

    /** The user owning a live (not revoked) session token hash. */
    async bySessionHash(tokenHash: string): Promise<StoredUser | undefined> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.username', 'users.display_name', 'users.password_hash', 'users.dnd'])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.revoked_at', 'is', null)
        .executeTakeFirst();
      return row && toStoredUser(row);
    },

    /** Revokes a session; true when it was live. */
    async revokeSession(tokenHash: string): Promise<boolean> {
      const result = await db
        .updateTable('sessions')
        .set({ revoked_at: new Date().toISOString() })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return affectedRows(result) === 1;
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;

/** What a deleted account looks like to the people it talked to: no name, no username. */
export const deletedUser = (id: string): User => ({ id, username: '', displayName: 'Deleted user' });

/** Loads public users by id in one query (history, contact lists); deleted accounts as `deletedUser`. */
export async function usersByIds(db: Db, ids: string[]): Promise<Map<string, User>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'deleted_at'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      row.deleted_at
        ? deletedUser(row.id)
        : { id: row.id, username: row.username, displayName: row.display_name },
    ]),
  );
}
