import type { Logger } from 'pino';
import type { Contact, Presence, User } from '../../protocol/index.js';
import type { CallStore } from '../store/calls.js';
import type { ContactStore } from '../store/contacts.js';
import type { UserStore } from '../store/users.js';
import { roomIsOccupied, userRoom, type RingsideIo } from './rooms.js';

/**
 * Presence is computed, never stored: busy from the database (an active call), online from
 * sockets in the user's room (cluster-wide with the Redis adapter), dnd from the user's setting.
 */
export function createPresence(deps: {
  io: RingsideIo;
  users: UserStore;
  contacts: ContactStore;
  calls: CallStore;
  logger: Logger;
}) {
  const { io, users, contacts, calls, logger } = deps;

  async function presenceOf(userIds: string[]): Promise<Map<string, Presence>> {
    const busy = await calls.usersInActiveCalls(userIds);
    const result = new Map<string, Presence>();
    for (const userId of userIds) {
      // A user in a call stays busy through a reconnect grace, hence busy before offline.
      if (busy.has(userId)) result.set(userId, 'busy');
      else if (!(await roomIsOccupied(io, userRoom(userId)))) result.set(userId, 'offline');
      else result.set(userId, (await users.byId(userId))?.dnd ? 'dnd' : 'online');
    }
    return result;
  }

  return {
    presenceOf,

    /** The user's mutual contacts with their presence. */
    async contactsWithPresence(userId: string): Promise<Contact[]> {
      const list: User[] = await contacts.contactsOf(userId);
      const presence = await presenceOf(list.map((contact) => contact.id));
      return list.map((contact) => ({ ...contact, presence: presence.get(contact.id) ?? 'offline' }));
    },

    /** Pushes the user's current presence to all of their contacts. Never throws: presence is best effort. */
    async broadcast(userId: string): Promise<void> {
      try {
        const contactIds = await contacts.contactIdsOf(userId);
        if (contactIds.length === 0) return;
        const presence = (await presenceOf([userId])).get(userId) ?? 'offline';
        io.to(contactIds.map(userRoom)).emit('presence', { userId, presence });
      } catch (error) {
        logger.warn({ err: error, userId }, 'presence broadcast failed');
      }
    },
  };
}

export type PresenceService = ReturnType<typeof createPresence>;
