import type { Middleware } from 'koa';
import type { RequestState } from '../middleware/request-context.js';
import { isUnder } from '../security/canonical-path.js';
import { adminAuth } from './admin-auth.js';

export const ADMIN_PREFIX = '/admin';

/**
 * Guards the admin API before any router sees the request: whatever the spelling of the path and
 * whatever the method, a request that could reach an admin handler needs the token. Authentication
 * therefore never depends on how a router matches paths. With the admin API off (no token), such
 * paths are simply not found.
 */
export function adminGate(token: string | null): Middleware<RequestState> {
  const auth = token ? adminAuth(token) : null;
  return async (ctx, next) => {
    if (!isUnder(ctx.path, ADMIN_PREFIX)) return next();
    if (!auth) {
      ctx.status = 404;
      ctx.body = { error: 'not found' };
      return;
    }
    return auth(ctx, next);
  };
}
