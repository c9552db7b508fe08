import Router from '@koa/router';
import type { GetOrderView } from '../../../application/get-order-view.query.js';
import type { RequestState } from '../middleware/request-context.js';
import { uuid } from '../mixpay/field-rules.js';
import { adminAuth } from './admin-auth.js';

export interface AdminRouteDeps {
  readonly token: string;
  readonly getOrderView: GetOrderView;
}

/** The operator's API; mounted only when ADMIN_TOKEN is set. */
export function adminRoutes(deps: AdminRouteDeps): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: '/admin' });
  router.use(adminAuth(deps.token));

  router.get('/orders/:traceId', async (ctx) => {
    const id = uuid(ctx.params.traceId);
    const view = id.ok ? await deps.getOrderView.execute(id.value) : null;
    if (!view) {
      ctx.status = 404;
      ctx.body = { error: 'order not found' };
      return;
    }
    ctx.body = view;
  });

  return router;
}
