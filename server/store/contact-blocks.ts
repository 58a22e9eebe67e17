import type { User } from '../../protocol/index.js';
import type { Db } from './db.js';

/** Blocks (one row per direction) and declined requests, which keep a stranger from asking again. */
export function createContactBlockStore(db: Db) {
  return {
    /** Records the block; true when it is new. */
    async block(blockerId: string, blockedId: string): Promise<boolean> {
      const result = await db
        .insertInto('contact_blocks')
        .values({ blocker_id: blockerId, blocked_id: blockedId, created_at: new Date().toISOString() })
        .onConflict((conflict) => conflict.columns(['blocker_id', 'blocked_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    /** Lifts a block; true when there was one. */
    async unblock(blockerId: string, blockedId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('contact_blocks')
        .where('blocker_id', '=', blockerId)
        .where('blocked_id', '=', blockedId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async hasBlocked(blockerId: string, blockedId: string): Promise<boolean> {
      const row = await db
        .selectFrom('contact_blocks')
        .select('blocker_id')
        .where('blocker_id', '=', blockerId)
        .where('blocked_id', '=', blockedId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** The users `userId` blocked, by username. */
    async blockedBy(userId: string): Promise<User[]> {
      const rows = await db
        .selectFrom('contact_blocks')
        .innerJoin('users', 'users.id', 'contact_blocks.blocked_id')
        .select(['users.id', 'users.username', 'users.display_name'])
        .where('contact_blocks.blocker_id', '=', userId)
        .orderBy('users.username')
        .execute();
      return rows.map((row) => ({ id: row.id, username: row.username, displayName: row.display_name }));
    },

    /** Remembers that `toId` declined a request from `fromId` (now). */
    async recordDecline(fromId: string, toId: string): Promise<void> {
      const declinedAt = new Date().toISOString();
      await db
        .insertInto('contact_declines')
        .values({ from_id: fromId, to_id: toId, declined_at: declinedAt })
        .onConflict((conflict) =>
          conflict.columns(['from_id', 'to_id']).doUpdateSet({ declined_at: declinedAt }),
        )
        .execute();
    },

    /** When `toId` last declined a request from `fromId`, as an ISO timestamp. */
    async declinedAt(fromId: string, toId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('contact_declines')
        .select('declined_at')
        .where('from_id', '=', fromId)
        .where('to_id', '=', toId)
        .executeTakeFirst();
      return row?.declined_at;
    },

    /** Forgets declines between the two, either way (they became contacts, or one asked the other). */
    async clearDeclines(userId: string, otherId: string): Promise<void> {
      await db
        .deleteFrom('contact_declines')
        .where((eb) =>
          eb.or([
            eb.and([eb('from_id', '=', userId), eb('to_id', '=', otherId)]),
            eb.and([eb('from_id', '=', otherId), eb('to_id', '=', userId)]),
          ]),
        )
        .execute();
    },
  };
}

export type ContactBlockStore = ReturnType<typeof createContactBlockStore>;
