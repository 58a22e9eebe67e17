import { Hono } from 'hono';
import { AddContactBodySchema, IdSchema } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import { userRoom } from '../realtime/rooms.js';
import { publicUser } from '../store/users.js';
import { readJson, type AppEnv, type HttpDeps } from './context.js';
import { requireAuth } from './auth-routes.js';

/**
 * Contacts with mutual consent: a request, then the other side adding back completes the pair.
 * Against strangers using requests as a message channel: requests per user are rate limited, a declined
 * request cannot be sent again for CONTACT_DECLINE_COOLDOWN_S (unless the other side asks), and a block
 * ends the relation and makes the blocker look like an unknown user to the blocked one.
 */
export function contactsRoutes(deps: HttpDeps) {
  const { contacts, blocks, users, presence, io, config } = deps;
  const changed = (...userIds: string[]) => io.to(userIds.map(userRoom)).emit('contacts:changed', {});
  const cooldownMs = config.contactDeclineCooldownS * 1000;
  const noSuchUser = () => new AppError('user_not_found', 'no such user');

  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/', async (c) => {
      const me = c.get('user').id;
      const [list, incoming, outgoing, blocked] = await Promise.all([
        presence.contactsWithPresence(me),
        contacts.incomingRequests(me),
        contacts.outgoingRequests(me),
        blocks.blockedBy(me),
      ]);
      return c.json({ contacts: list, incoming, outgoing, blocked }, 200);
    })
    .post('/', async (c) => {
      const me = c.get('user');
      const { username } = await readJson(c, AddContactBodySchema);
      // Before the lookup, so the limit also bounds probing which usernames exist.
      if (!(await deps.limiters.contactRequest.take(me.id)))
        throw new AppError('rate_limited', 'too many contact requests');
      const other = await users.byUsername(username);
      if (!other || other.id === me.id || (await blocks.hasBlocked(other.id, me.id))) throw noSuchUser();
      if (await contacts.isContact(me.id, other.id))
        throw new AppError('already_contact', 'already a contact');
      // Asking someone you blocked is taken as lifting the block.
      await blocks.unblock(me.id, other.id);

      if (await contacts.hasRequest(other.id, me.id)) {
        await contacts.completePair(other.id, me.id);
        await blocks.clearDeclines(me.id, other.id);
        await presence.usersChanged(me.id, other.id);
        changed(me.id, other.id);
        // Each side now sees the other: push both presences.
        await Promise.all([presence.broadcast(me.id), presence.broadcast(other.id)]);
        const contactPresence = (await presence.presenceOf([other.id])).get(other.id) ?? 'offline';
        return c.json({ contact: { ...publicUser(other), presence: contactPresence } }, 200);
      }
      if (!(await contacts.hasRequest(me.id, other.id))) {
        const declinedAt = await blocks.declinedAt(me.id, other.id);
        if (declinedAt && Date.parse(declinedAt) + cooldownMs > Date.now())
          throw new AppError('rate_limited', 'this user declined your request recently');
        await contacts.addRequest(me.id, other.id);
      }
      changed(me.id, other.id);
      return c.json({ request: publicUser(other) }, 201);
    })
    .delete('/:userId', async (c) => {
      const me = c.get('user').id;
      const otherId = IdSchema.safeParse(c.req.param('userId'));
      if (!otherId.success) throw new AppError('not_found', 'no such contact or request');
      const declining = await contacts.hasRequest(otherId.data, me);
      if (!(await contacts.removeRelation(me, otherId.data)))
        throw new AppError('not_found', 'no such contact or request');
      if (declining) await blocks.recordDecline(otherId.data, me);
      // Before answering: no node may push presence to a removed contact after this.
      await presence.usersChanged(me, otherId.data);
      changed(me, otherId.data);
      return c.body(null, 204);
    })
    .post('/:userId/block', async (c) => {
      const me = c.get('user').id;
      const otherId = IdSchema.safeParse(c.req.param('userId'));
      if (!otherId.success || otherId.data === me || !(await users.byId(otherId.data))) throw noSuchUser();
      await blocks.block(me, otherId.data);
      await contacts.removeRelation(me, otherId.data);
      // A call between the two (ringing either way, or in progress) ends as if this user hung up or
      // declined: the blocked side hears `rejected`, `cancelled` or `hangup`, never "blocked".
      await deps.endCallsOfUser(me, otherId.data);
      // Before answering: no presence, request or call between the two from here on.
      await presence.usersChanged(me, otherId.data);
      changed(me, otherId.data);
      return c.body(null, 204);
    })
    .delete('/:userId/block', async (c) => {
      const me = c.get('user').id;
      const otherId = IdSchema.safeParse(c.req.param('userId'));
      if (!otherId.success || !(await blocks.unblock(me, otherId.data)))
        throw new AppError('not_found', 'no such blocked user');
      changed(me);
      return c.body(null, 204);
    });
}
