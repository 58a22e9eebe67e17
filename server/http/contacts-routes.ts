import { Hono } from 'hono';
import { AddContactBodySchema, IdSchema } from '../../protocol/index.js';
import { AppError } from '../errors.js';
import { userRoom } from '../realtime/rooms.js';
import { publicUser } from '../store/users.js';
import { readJson, type AppEnv, type HttpDeps } from './context.js';
import { requireAuth } from './auth-routes.js';

/** Contacts with mutual consent: a request, then the other side adding back completes the pair. */
export function contactsRoutes(deps: HttpDeps) {
  const { contacts, users, presence, io } = deps;
  const changed = (...userIds: string[]) => io.to(userIds.map(userRoom)).emit('contacts:changed', {});

  return new Hono<AppEnv>()
    .use(requireAuth(deps))
    .get('/', async (c) => {
      const me = c.get('user').id;
      const [list, incoming, outgoing] = await Promise.all([
        presence.contactsWithPresence(me),
        contacts.incomingRequests(me),
        contacts.outgoingRequests(me),
      ]);
      return c.json({ contacts: list, incoming, outgoing }, 200);
    })
    .post('/', async (c) => {
      const me = c.get('user');
      const { username } = await readJson(c, AddContactBodySchema);
      const other = await users.byUsername(username);
      if (!other || other.id === me.id) throw new AppError('user_not_found', 'no such user');
      if (await contacts.isContact(me.id, other.id))
        throw new AppError('already_contact', 'already a contact');

      if (await contacts.hasRequest(other.id, me.id)) {
        await contacts.completePair(other.id, me.id);
        await presence.usersChanged(me.id, other.id);
        changed(me.id, other.id);
        // Each side now sees the other: push both presences.
        await Promise.all([presence.broadcast(me.id), presence.broadcast(other.id)]);
        const contactPresence = (await presence.presenceOf([other.id])).get(other.id) ?? 'offline';
        return c.json({ contact: { ...publicUser(other), presence: contactPresence } }, 200);
      }
      if (!(await contacts.hasRequest(me.id, other.id))) await contacts.addRequest(me.id, other.id);
      changed(me.id, other.id);
      return c.json({ request: publicUser(other) }, 201);
    })
    .delete('/:userId', async (c) => {
      const me = c.get('user').id;
      const otherId = IdSchema.safeParse(c.req.param('userId'));
      if (!otherId.success) throw new AppError('not_found', 'no such contact or request');
      if (!(await contacts.removeRelation(me, otherId.data)))
        throw new AppError('not_found', 'no such contact or request');
      // Before answering: no node may push presence to a removed contact after this.
      await presence.usersChanged(me, otherId.data);
      changed(me, otherId.data);
      return c.body(null, 204);
    });
}
