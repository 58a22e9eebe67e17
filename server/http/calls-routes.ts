import { Hono } from 'hono';
import { CallHistoryQuerySchema } from '../../protocol/index.js';
import { toCallRecord } from '../calls/records.js';
import { AppError } from '../errors.js';
import { usersByIds } from '../store/users.js';
import { requireAuth } from './auth-routes.js';
import type { AppEnv, HttpDeps } from './context.js';
import { iceServersFor } from './ice-servers.js';

/** Call history and ICE server configuration. */
export function callsRoutes(deps: HttpDeps) {
  // Per route, not `.use`: this router is mounted on /api, where a catch-all would answer 401 for unknown paths.
  const auth = requireAuth(deps);
  return new Hono<AppEnv>()
    .get('/calls', auth, async (c) => {
      const query = CallHistoryQuerySchema.safeParse(c.req.query());
      if (!query.success) throw new AppError('invalid', 'limit must be 1-100 and before an ISO timestamp');
      const me = c.get('user').id;
      const rows = await deps.calls.history(me, query.data.limit, query.data.before);
      const peers = await usersByIds(
        deps.db,
        rows.map((row) => (row.caller_id === me ? row.callee_id : row.caller_id)),
      );
      const calls = rows.flatMap((row) => {
        const peer = peers.get(row.caller_id === me ? row.callee_id : row.caller_id);
        return peer ? [toCallRecord(row, me, peer)] : [];
      });
      return c.json({ calls }, 200);
    })
    .get('/ice-servers', auth, (c) => c.json(iceServersFor(deps.config, c.get('user').id), 200));
}
