import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { limits } from '../../protocol/index.js';
import { AppError, internalError } from '../errors.js';
import { isDatabaseReachable } from '../store/db.js';
import { accountRoutes } from './account-routes.js';
import { authRoutes } from './auth-routes.js';
import { callsRoutes } from './calls-routes.js';
import { contactsRoutes } from './contacts-routes.js';
import type { AppEnv, HttpDeps } from './context.js';
import { checkOrigin, requireJsonBodies } from './request-guards.js';

/** Whether an origin matches one of the configured patterns (`*` matches any run of characters). */
export function originMatcher(patterns: string[]): (origin: string) => boolean {
  const regexes = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
          .join('.*')}$`,
      ),
  );
  return (origin) => regexes.some((regex) => regex.test(origin));
}

/** The HTTP API. Every error leaves through `onError` as `{error:{code,message}}`. */
export function createHttpApp(deps: HttpDeps) {
  const isAllowedOrigin = originMatcher(deps.config.corsOrigins);
  const app = new Hono<AppEnv>();

  app.use(secureHeaders());

  app.use(
    '/api/*',
    cors({
      origin: (origin) => (isAllowedOrigin(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    }),
  );
  // After cors (a refused preflight still gets its CORS answer), before any route or rate limit.
  app.use('/api/*', checkOrigin(isAllowedOrigin), requireJsonBodies());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: limits.maxHttpBodyBytes,
      onError: (c) =>
        c.json(
          { error: { code: 'invalid', message: `body larger than ${limits.maxHttpBodyBytes} bytes` } },
          413,
        ),
    }),
  );

  app.get('/healthz', async (c) =>
    (await isDatabaseReachable(deps.db)) ? c.json({ ok: true }, 200) : c.json({ ok: false }, 503),
  );
  app.get('/metrics', async (c) => {
    c.header('Content-Type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
  app.route('/api', authRoutes(deps));
  app.route('/api', accountRoutes(deps));
  app.route('/api/contacts', contactsRoutes(deps));
  app.route('/api', callsRoutes(deps));

  app.notFound((c) => c.json({ error: new AppError('not_found', 'no such endpoint').toApiError() }, 404));
  app.onError((error, c) => {
    if (error instanceof AppError) {
      return c.json({ error: error.toApiError() }, error.status as 400);
    }
    deps.logger.error({ err: error, path: c.req.path }, 'request failed');
    return c.json({ error: internalError }, 500);
  });
  return app;
}
