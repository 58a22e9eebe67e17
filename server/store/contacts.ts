import type { User } from '../../protocol/index.js';
import type { Db } from './db.js';

type UserRow = { id: string; username: string; display_name: string };
const toUser = (row: UserRow): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
});

/** Mutual contacts (two rows per pair) and pending one-way requests. */
export function createContactStore(db: Db) {
  return {
    async isContact(userId: string, otherId: string): Promise<boolean> {
      const row = await db
        .selectFrom('contacts')
        .select('user_id')
        .where('user_id', '=', userId)
        .where('contact_id', '=', otherId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async contactsOf(userId: string): Promise<User[]> {
      const rows = await db
        .selectFrom('contacts')
        .innerJoin('users', 'users.id', 'contacts.contact_id')
        .select(['users.id', 'users.username', 'users.display_name'])
        .where('contacts.user_id', '=', userId)
        .orderBy('users.username')
        .execute();
      return rows.map(toUser);
    },

    async contactIdsOf(userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('contacts')
        .select('contact_id')
        .where('user_id', '=', userId)
        .execute();
      return rows.map((row) => row.contact_id);
    },

    async incomingRequests(userId: string): Promise<User[]> {
      const rows = await db
        .selectFrom('contact_requests')
        .innerJoin('users', 'users.id', 'contact_requests.from_id')
        .select(['users.id', 'users.username', 'users.display_name'])
        .where('contact_requests.to_id', '=', userId)
        .orderBy('contact_requests.created_at')
        .execute();
      return rows.map(toUser);
    },

    async outgoingRequests(userId: string): Promise<User[]> {
      const rows = await db
        .selectFrom('contact_requests')
        .innerJoin('users', 'users.id', 'contact_requests.to_id')
        .select(['users.id', 'users.username', 'users.display_name'])
        .where('contact_requests.from_id', '=', userId)
        .orderBy('contact_requests.created_at')
        .execute();
      return rows.map(toUser);
    },

    async hasRequest(fromId: string, toId: string): Promise<boolean> {
      const row = await db
        .selectFrom('contact_requests')
        .select('from_id')
        .where('from_id', '=', fromId)
        .where('to_id', '=', toId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async addRequest(fromId: string, toId: string): Promise<void> {
      await db
        .insertInto('contact_requests')
        .values({ from_id: fromId, to_id: toId, created_at: new Date().toISOString() })
        .execute();
    },

    /** Turns the pending request from `requesterId` into a mutual pair, in one transaction. */
    async completePair(requesterId: string, accepterId: string): Promise<void> {
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('contact_requests')
          .where((eb) =>
            eb.or([
              eb.and([eb('from_id', '=', requesterId), eb('to_id', '=', accepterId)]),
              eb.and([eb('from_id', '=', accepterId), eb('to_id', '=', requesterId)]),
            ]),
          )
          .execute();
        await trx
          .insertInto('contacts')
          .values([
            { user_id: requesterId, contact_id: accepterId, created_at: now },
            { user_id: accepterId, contact_id: requesterId, created_at: now },
          ])
          .execute();
      });
    },

    /** Removes a contact pair and any request between the two; true when anything existed. */
    async removeRelation(userId: string, otherId: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const contacts = await trx
          .deleteFrom('contacts')
          .where((eb) =>
            eb.or([
              eb.and([eb('user_id', '=', userId), eb('contact_id', '=', otherId)]),
              eb.and([eb('user_id', '=', otherId), eb('contact_id', '=', userId)]),
            ]),
          )
          .executeTakeFirst();
        const requests = await trx
          .deleteFrom('contact_requests')
          .where((eb) =>
            eb.or([
              eb.and([eb('from_id', '=', userId), eb('to_id', '=', otherId)]),
              eb.and([eb('from_id', '=', otherId), eb('to_id', '=', userId)]),
            ]),
          )
          .executeTakeFirst();
        return Number(contacts.numDeletedRows) + Number(requests.numDeletedRows) > 0;
      });
    },
  };
}

export type ContactStore = ReturnType<typeof createContactStore>;
