import { randomUUID } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { LoginBodySchema, RegisterBodySchema, SetDndBodySchema } from '../../protocol/index.js';
import { hashPassword, hashToken, newSessionToken, verifyPassword } from '../credentials.js';
import { AppError } from '../errors.js';
import { deviceLabelFrom } from '../accounts/device-label.js';
import { tokenRoom } from '../realtime/rooms.js';
import { publicUser } from '../store/users.js';
import { clientIp, readJson, type AppEnv, type HttpDeps } from './context.js';

/** Bearer-token middleware: sets `user` and `tokenHash`, or answers 401 `unauthorized`. */
export function requireAuth(
  deps: Pick<HttpDeps, 'users' | 'sessions' | 'logger'>,
): MiddlewareHandler<AppEnv> {
  return async function requireAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer (\S{1,256})$/.exec(header)?.[1];
    if (!token) throw new AppError('unauthorized', 'missing bearer token');
    const tokenHash = hashToken(token);
    const user = await deps.users.bySessionHash(tokenHash);
    if (!user) throw new AppError('unauthorized', 'invalid or revoked token');
    // For the devices list; not awaited (at most one write a minute per session).
    deps.sessions
      .touch(tokenHash)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'session touch failed'));
    c.set('user', user);
    c.set('tokenHash', tokenHash);
    await next();
  };
}

/** register, login, logout, me, do-not-disturb. */
export function authRoutes(deps: HttpDeps) {
  const { users, config } = deps;
  // A hash to verify against when the username does not exist, so both paths cost the same time.
  const decoyHash = hashPassword(randomUUID(), config.scryptLogN);
  const { limiters } = deps;
  // Login limits key on the client address, never on the username alone: a third party elsewhere
  // cannot spend a victim's budget, and a page in the victim's own browser cannot send a login at all
  // (JSON bodies need a CORS preflight; see request-guards.ts). Per IP + username counts failures
  // (a success resets it) against guessing one password; per IP counts every attempt, so one address
  // cannot spray many usernames.
  // Both are rate-limiter-flexible limiters in Redis when REDIS_URL is set: N nodes allow one budget.

  async function issueSession(userId: string, deviceName: string | undefined, userAgent: string | undefined) {
    const token = newSessionToken();
    await users.insertSession(hashToken(token), userId, deviceName ?? deviceLabelFrom(userAgent));
    return token;
  }

  return new Hono<AppEnv>()
    .post('/auth/register', async (c) => {
      if (!(await limiters.register.take(clientIp(c, config.trustProxyHops))))
        throw new AppError('rate_limited', 'too many sign-ups');
      const body = await readJson(c, RegisterBodySchema);
      const user = {
        id: randomUUID(),
        username: body.username,
        displayName: body.displayName ?? body.username,
        passwordHash: await hashPassword(body.password, config.scryptLogN),
      };
      if (!(await users.insert(user))) throw new AppError('username_taken', 'that username is taken');
      deps.logger.info({ userId: user.id }, 'user registered');
      const token = await issueSession(user.id, body.deviceName, c.req.header('user-agent'));
      return c.json({ token, user: publicUser(user) }, 201);
    })
    .post('/auth/login', async (c) => {
      const body = await readJson(c, LoginBodySchema);
      const ip = clientIp(c, config.trustProxyHops);
      const limitKey = `${ip}|${body.username}`;
      if (!(await limiters.loginIp.take(ip)) || !(await limiters.login.take(limitKey)))
        throw new AppError('rate_limited', 'too many login attempts');
      const user = await users.byUsername(body.username);
      const valid = await verifyPassword(body.password, user?.passwordHash ?? (await decoyHash));
      if (!user || !valid) throw new AppError('invalid_credentials', 'wrong username or password');
      await limiters.login.reset(limitKey);
      const token = await issueSession(user.id, body.deviceName, c.req.header('user-agent'));
      return c.json({ token, user: publicUser(user) }, 200);
    })
    .post('/auth/logout', requireAuth(deps), async (c) => {
      const tokenHash = c.get('tokenHash');
      await users.revokeSession(tokenHash);
      // Through the room, so the adapter reaches this token's sockets on every node.
      deps.io.in(tokenRoom(tokenHash)).disconnectSockets(true);
      return c.body(null, 204);
    })
    .get('/me', requireAuth(deps), (c) => {
      const user = c.get('user');
      return c.json({ user: publicUser(user), dnd: user.dnd }, 200);
    })
    .put('/me/dnd', requireAuth(deps), async (c) => {
      const { dnd } = await readJson(c, SetDndBodySchema);
      const user = c.get('user');
      await users.setDnd(user.id, dnd);
      await deps.presence.usersChanged(user.id);
      await deps.presence.broadcast(user.id);
      return c.json({ user: publicUser(user), dnd }, 200);
    });
}
