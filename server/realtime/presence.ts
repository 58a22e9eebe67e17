import type { Logger } from 'pino';
import type { Contact, Presence, User } from '../../protocol/index.js';
import type { CallStore } from '../store/calls.js';
import type { ContactStore } from '../store/contacts.js';
import type { UserStore } from '../store/users.js';
import { isClustered } from './cluster.js';
import { roomIsOccupied, userRoom, type RingsideIo } from './rooms.js';

/**
 * A user's cached contact ids are re-read after this long. Contact changes are pushed to every node
 * (`contacts:forget`) before the HTTP request that made them answers; the TTL only bounds what a node
 * that missed one (Redis down) could keep using.
 */
const CONTACT_IDS_TTL_MS = 30_000;

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
  /** Per node: userId -> contact ids, for `broadcast` (who hears of a user's presence). */
  const contactIdCache = new Map<string, { ids: string[]; until: number }>();
  /** Bumped by every invalidation: a read that overlapped one is used but not cached. */
  let contactsEpoch = 0;

  function forgetContacts(userIds: unknown[]): void {
    contactsEpoch++;
    for (const id of userIds) if (typeof id === 'string') contactIdCache.delete(id);
  }
  io.on('contacts:forget', (userIds, reply) => {
    // From another node over Redis: trusted, but keep to the expected shape.
    if (Array.isArray(userIds)) forgetContacts(userIds);
    if (typeof reply === 'function') reply(true);
  });
  const pruner = setInterval(() => {
    const now = Date.now();
    for (const [id, entry] of contactIdCache) if (entry.until <= now) contactIdCache.delete(id);
  }, CONTACT_IDS_TTL_MS);
  pruner.unref();

  async function contactIdsOf(userId: string): Promise<string[]> {
    const cached = contactIdCache.get(userId);
    if (cached && cached.until > Date.now()) return cached.ids;
    const epoch = contactsEpoch;
    const ids = await contacts.contactIdsOf(userId);
    if (epoch === contactsEpoch) contactIdCache.set(userId, { ids, until: Date.now() + CONTACT_IDS_TTL_MS });
    return ids;
  }

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

    /**
     * The contacts of these users changed: drop their cached contact ids here and on every other node,
     * resolving once all nodes acknowledged (a node that does not answer in time is logged; its entries
     * expire with the TTL).
     */
    async contactsChanged(...userIds: string[]): Promise<void> {
      forgetContacts(userIds);
      if (!isClustered(io)) return;
      try {
        await io.serverSideEmitWithAck('contacts:forget', userIds);
      } catch (error) {
        logger.warn({ err: error, userIds }, 'contacts:forget not acknowledged by every node');
      }
    },

    stop(): void {
      clearInterval(pruner);
    },

    /** Pushes the user's current presence to all of their contacts. Never throws: presence is best effort. */
    async broadcast(userId: string): Promise<void> {
      try {
        const contactIds = await contactIdsOf(userId);
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
