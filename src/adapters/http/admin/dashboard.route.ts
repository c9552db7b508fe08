import type { Middleware } from 'koa';
import type { GetDashboard } from '../../../application/operations/get-dashboard.query.js';
import type { RequestState } from '../middleware/request-context.js';

/** `GET /admin/dashboard`: orders per status, the settlement and refund backlogs, balances against their alert thresholds. */
export function dashboardRoute(dashboard: GetDashboard): Middleware<RequestState> {
  return async (ctx) => {
    ctx.body = await dashboard.execute();
  };
}
