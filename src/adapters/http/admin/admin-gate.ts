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
 *
 * `openAssets` are static files (the console's page and code) let through without the token, on
 * GET or HEAD and only when the path is spelled exactly so: any other spelling of them, or of
 * anything beside or below them, still needs it. The routes serving them match only that spelling too.
 */
export function adminGate(token: string | null, openAssets: ReadonlySet<string> = new Set()): Middleware<RequestState> {
  const auth = token ? adminAuth(token) : null;
  return async (ctx, next) => {
    if (!isUnder(ctx.path, ADMIN_PREFIX)) return next();
    if (!auth) {
      ctx.status = 404;
      ctx.body = { error: 'not found' };
      return;
    }
    if ((ctx.method === 'GET' || ctx.method === 'HEAD') && openAssets.has(ctx.path)) return next();
    return auth(ctx, next);
  };
}
