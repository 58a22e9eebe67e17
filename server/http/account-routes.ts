import { Hono } from 'hono';
import {
  ChangePasswordBodySchema,
  DeleteAccountBodySchema,
  IdSchema,
  type DeviceSession,
} from '../../protocol/index.js';
import { revokeSessionSockets, revokeUserSockets } from '../accounts/revoke-sockets.js';
import { hashPassword, verifyPassword } from '../credentials.js';
import { AppError } from '../errors.js';
import { userRoom } from '../realtime/rooms.js';
import { deleteAccount } from '../store/account-deletion.js';
import type { StoredUser } from '../store/users.js';
import { requireAuth } from './auth-routes.js';
import { readJson, type AppEnv, type HttpDeps } from './context.js';

/**
 * Account management: change the password, list the signed-in devices and sign one out, delete the
 * account. Each step that needs the password checks it against the slow KDF, with the wrong guesses
 * per user limited (a stolen token must not become a password oracle).
 */
export function accountRoutes(deps: HttpDeps) {
  const { users, sessions, io, config, limiters } = deps;
  const auth = requireAuth(deps);

  async function checkPassword(user: StoredUser, password: string): Promise<void> {
    if (!(await limiters.password.take(user.id)))
      throw new AppError('rate_limited', 'too many wrong passwords');
    if (!(await verifyPassword(password, user.passwordHash)))
      throw new AppError('wrong_password', 'the password is not right');
    await limiters.password.reset(user.id);
  }

  return new Hono<AppEnv>()
    .get('/me/sessions', auth, async (c) => {
      const current = c.get('tokenHash');
      const list = await sessions.liveOf(c.get('user').id);
      const body: DeviceSession[] = list.map((session) => ({
        id: session.id,
        label: session.label ?? 'Unnamed device',
        createdAt: session.createdAt,
        lastUsedAt: session.lastUsedAt,
        current: session.tokenHash === current,
      }));
      return c.json({ sessions: body }, 200);
    })
    .delete('/me/sessions/:sessionId', auth, async (c) => {
      const sessionId = IdSchema.safeParse(c.req.param('sessionId'));
      const revoked = sessionId.success
        ? await sessions.revokeById(c.get('user').id, sessionId.data)
        : undefined;
      if (!revoked) throw new AppError('not_found', 'no such signed-in device');
      revokeSessionSockets(io, [revoked], 'signed_out');
      return c.body(null, 204);
    })
    .put('/me/password', auth, async (c) => {
      const body = await readJson(c, ChangePasswordBodySchema);
      const user = c.get('user');
      await checkPassword(user, body.currentPassword);
      await users.setPasswordHash(user.id, await hashPassword(body.newPassword, config.scryptLogN));
      // Whoever knew the old password may hold a session: every other one ends, this one stays.
      const revoked = await sessions.revokeOthers(user.id, c.get('tokenHash'));
      revokeSessionSockets(io, revoked, 'password_changed');
      deps.logger.info({ userId: user.id, revokedSessions: revoked.length }, 'password changed');
      return c.body(null, 204);
    })
    .delete('/me', auth, async (c) => {
      const body = await readJson(c, DeleteAccountBodySchema);
      const user = c.get('user');
      await checkPassword(user, body.password);
      // First the calls, as hangups the peer hears of; then the rows; then the sockets.
      await deps.endCallsOfUser(user.id);
      const { affectedUserIds } = await deleteAccount(deps.db, user.id);
      await deps.presence.usersChanged(user.id, ...affectedUserIds);
      if (affectedUserIds.length > 0) io.to(affectedUserIds.map(userRoom)).emit('contacts:changed', {});
      revokeUserSockets(io, user.id, 'account_deleted');
      deps.logger.info({ userId: user.id }, 'account deleted');
      return c.body(null, 204);
    });
}
