import type { Middleware } from 'koa';
import { adminAuth } from '../admin/admin-auth.js';
import type { RequestState } from '../middleware/request-context.js';
import { isUnder } from '../security/canonical-path.js';

export const METRICS_PATH = '/metrics';

/**
 * Guards /metrics the way the admin gate guards /admin: on the canonical path, before any router,
 * so no spelling reaches the handler. Public (config `metrics.public`) lets every scraper in;
 * otherwise the admin token is needed, and without one the path is simply not found.
 */
export function metricsGate(access: { public: boolean; token: string | null }): Middleware<RequestState> {
  const auth = access.token ? adminAuth(access.token) : null;
  return async (ctx, next) => {
    if (access.public || !isUnder(ctx.path, METRICS_PATH)) return next();
    if (!auth) {
      ctx.status = 404;
      ctx.body = { error: 'not found' };
      return;
    }
    return auth(ctx, next);
  };
}
