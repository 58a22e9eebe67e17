import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';
import { isJsonContentType, type AppEnv } from './context.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a request that carries a body in anything but `application/json` (415 `unsupported_media_type`).
 * A web page can send `text/plain`, form or untyped bodies cross-site without a CORS preflight; a JSON
 * body needs one, which CORS_ORIGINS then answers. So no page can reach a route's logic (or its rate
 * limits) with a body unless the server allowed its origin.
 */
export function requireJsonBodies(): MiddlewareHandler<AppEnv> {
  return async function requireJsonBodies(c, next) {
    if (!safeMethods.has(c.req.method)) {
      const contentType = c.req.header('content-type');
      const length = Number(c.req.header('content-length') ?? 0);
      const hasBody = length > 0 || c.req.header('transfer-encoding') !== undefined;
      if ((contentType !== undefined || hasBody) && !isJsonContentType(contentType))
        throw new AppError('unsupported_media_type', 'send the body as application/json');
    }
    await next();
  };
}

/**
 * Refuses a state-changing request whose `Origin` header is present and not allowed (403
 * `origin_not_allowed`). Browsers send Origin on cross-origin POST/PUT/DELETE; clients without one
 * (CLIs, tests, the bench) are not browsers and pass.
 */
export function checkOrigin(isAllowedOrigin: (origin: string) => boolean): MiddlewareHandler<AppEnv> {
  return async function checkOrigin(c, next) {
    const origin = c.req.header('origin');
    if (!safeMethods.has(c.req.method) && origin !== undefined && !isAllowedOrigin(origin))
      throw new AppError('origin_not_allowed', 'requests from this origin are not allowed');
    await next();
  };
}
