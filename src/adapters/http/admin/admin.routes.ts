import Router from '@koa/router';
import type { GetDashboard } from '../../../application/operations/get-dashboard.query.js';
import type { GetOrderView } from '../../../application/operations/get-order-view.query.js';
import type { ResolveReview } from '../../../application/operations/resolve-review.use-case.js';
import type { SearchOrders } from '../../../application/operations/search-orders.query.js';
import type { RetrySettlement } from '../../../application/settlement/retry-settlement.use-case.js';
import type { IncomingTransferLog } from '../../../domain/ports/incoming-transfer-log.port.js';
import type { SandboxTreasury } from '../../treasury/sandbox-treasury.js';
import { formBody } from '../body.js';
import type { RequestState } from '../middleware/request-context.js';
import { readFields, uuid } from '../mixpay/field-rules.js';
import { reviewBody } from './admin.schemas.js';
import { ADMIN_PREFIX } from './admin-gate.js';
import { dashboardRoute } from './dashboard.route.js';
import { incomingRoute } from './incoming.route.js';
import { orderActionRoutes, type OrderActionRoutesDeps } from './order-actions.routes.js';
import { ordersSearchRoute } from './orders-search.route.js';
import { sandboxIncomingRoute } from './sandbox-incoming.route.js';
import { walletRoutes, type WalletRoutesDeps } from './wallets.routes.js';

export interface AdminRouteDeps extends OrderActionRoutesDeps {
  readonly token: string;
  readonly searchOrders: SearchOrders;
  readonly getDashboard: GetDashboard;
  readonly getOrderView: GetOrderView;
  readonly retrySettlement: RetrySettlement;
  readonly resolveReview: ResolveReview;
  readonly incomingLog: IncomingTransferLog;
  /** Present only when the sandbox treasury is in use. */
  readonly sandbox: SandboxTreasury | null;
  readonly wallets: WalletRoutesDeps;
}

/**
 * The operator's API; mounted only when ADMIN_TOKEN is set. The token is checked by adminGate in
 * front of every router (for any spelling of the path), not here.
 */
export function adminRoutes(deps: AdminRouteDeps): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: ADMIN_PREFIX });

  router.get('/dashboard', dashboardRoute(deps.getDashboard));
  router.get('/orders', ordersSearchRoute(deps.searchOrders));

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

  router.post('/orders/:traceId/retry-settlement', async (ctx) => {
    const id = uuid(ctx.params.traceId);
    const result = id.ok ? await deps.retrySettlement.execute(id.value) : 'not_found';
    ctx.status = result === 'retrying' ? 202 : result === 'not_found' ? 404 : 409;
    ctx.body = { result };
  });

  /** `{"decision": "settle" | "refund", "note": "…"}` for an order held in needs_review. */
  router.post('/orders/:traceId/review', formBody(), async (ctx) => {
    const id = uuid(ctx.params.traceId);
    const body = readFields(reviewBody, ctx.request.body ?? {});
    if (!body.ok) {
      ctx.status = 400;
      ctx.body = { error: body.problems.join('; ') };
      return;
    }
    const note = (body.value.note ?? '').slice(0, 200);
    const result = id.ok ? await deps.resolveReview.execute(id.value, body.value.decision, note) : 'not_found';
    ctx.status = { settling: 202, refund_pending: 202, not_found: 404, not_in_review: 409, unknown_paid_amount: 422 }[result];
    ctx.body = { result };
  });

  /** Incoming transfers by outcome; `?outcome=unmatched,mismatch` (the default) is what needs an operator. */
  router.get('/incoming', incomingRoute(deps.incomingLog));

  if (deps.sandbox) router.post('/sandbox/incoming', formBody(), sandboxIncomingRoute(deps.sandbox));
  router.use(orderActionRoutes(deps).routes());
  router.use(walletRoutes(deps.wallets).routes());
  return router;
}
