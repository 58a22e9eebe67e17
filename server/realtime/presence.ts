import type { Logger } from 'pino';
import type { Contact, Presence, User } from '../../protocol/index.js';
import type { CallStore } from '../store/calls.js';
import type { ContactStore } from '../store/contacts.js';
import type { UserStore } from '../store/users.js';
import { userIsConnected, userRoom } from './rooms.js';
import { answerNodes, askNodes, isClustered, type RingsideIo } from './socket-io.js';

/**
 * What presence caches per user (contact ids, the dnd flag) is re-read after this long. Changes are
 * pushed to every node (`presence:forget`) before the HTTP request that made them answers; the TTL
 * only bounds what a node that missed one (Redis down) could keep using.
 */
const USER_CACHE_TTL_MS = 30_000;

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
  /** Per node: userId -> contact ids (who hears of the user's presence) and the dnd flag. */
  const contactIdCache = new Map<string, { value: string[]; until: number }>();
  const dndCache = new Map<string, { value: boolean; until: number }>();
  /** Bumped by every invalidation: a read that overlapped one is used but not cached. */
  let epoch = 0;

  function forgetUsers(userIds: string[]): void {
    epoch++;
    for (const id of userIds) {
      contactIdCache.delete(id);
      dndCache.delete(id);
    }
  }
  answerNodes(io, 'presence:forget', (userIds) => (forgetUsers(userIds), true), true);
  const pruner = setInterval(() => {
    const now = Date.now();
    for (const cache of [contactIdCache, dndCache])
      for (const [id, entry] of cache) if (entry.until <= now) cache.delete(id);
  }, USER_CACHE_TTL_MS);
  pruner.unref();

  /** A cached per-user value, or `read()` (cached unless an invalidation overlapped the read). */
  async function cached<T>(
    cache: Map<string, { value: T; until: number }>,
    userId: string,
    read: () => Promise<T>,
  ): Promise<T> {
    const entry = cache.get(userId);
    if (entry && entry.until > Date.now()) return entry.value;
    const started = epoch;
    const value = await read();
    if (started === epoch) cache.set(userId, { value, until: Date.now() + USER_CACHE_TTL_MS });
    return value;
  }
  const contactIdsOf = (userId: string) =>
    cached(contactIdCache, userId, () => contacts.contactIdsOf(userId));
  const dndOf = (userId: string) =>
    cached(dndCache, userId, async () => (await users.byId(userId))?.dnd ?? false);

  /** `busyKnown`: who is in a call, when the caller already knows (saves the database read). */
  async function presenceOf(userIds: string[], busyKnown?: Set<string>): Promise<Map<string, Presence>> {
    const busy = busyKnown ?? (await calls.usersInActiveCalls(userIds));
    const result = new Map<string, Presence>();
    for (const userId of userIds) {
      // A user in a call stays busy through a reconnect grace, hence busy before offline.
      if (busy.has(userId)) result.set(userId, 'busy');
      else if (!(await userIsConnected(io, userId))) result.set(userId, 'offline');
      else result.set(userId, (await dndOf(userId)) ? 'dnd' : 'online');
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
     * These users' contacts or dnd flag changed: drop what is cached for them here and on every other
     * node, resolving once all nodes acknowledged (a node that does not answer in time is logged; its
     * entries expire with the TTL).
     */
    async usersChanged(...userIds: string[]): Promise<void> {
      forgetUsers(userIds);
      if (!isClustered(io)) return;
      try {
        await askNodes(io, 'presence:forget', userIds);
      } catch (error) {
        logger.warn({ err: error, userIds }, 'presence:forget not acknowledged by every node');
      }
    },

    stop(): void {
      clearInterval(pruner);
    },

    /**
     * Pushes the user's current presence to all of their contacts. Never throws: presence is best
     * effort. `inCall`, when the caller knows it (a call was just accepted or ended), is used instead
     * of reading the database.
     */
    async broadcast(userId: string, inCall?: boolean): Promise<void> {
      try {
        const contactIds = await contactIdsOf(userId);
        if (contactIds.length === 0) return;
        const known = inCall === undefined ? undefined : new Set(inCall ? [userId] : []);
        const presence = (await presenceOf([userId], known)).get(userId) ?? 'offline';
        io.to(contactIds.map(userRoom)).emit('presence', { userId, presence });
      } catch (error) {
        logger.warn({ err: error, userId }, 'presence broadcast failed');
      }
    },
  };
}

export type PresenceService = ReturnType<typeof createPresence>;
