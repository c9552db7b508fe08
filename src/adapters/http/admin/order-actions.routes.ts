import Router from '@koa/router';
import type { ReconcileOrder } from '../../../application/operations/reconcile-order.use-case.js';
import type { RetryRefund } from '../../../application/refunds/retry-refund.use-case.js';
import type { RequestState } from '../middleware/request-context.js';
import { uuid } from '../mixpay/field-rules.js';

export interface OrderActionRoutesDeps {
  readonly retryRefund: RetryRefund;
  readonly reconcileOrder: ReconcileOrder;
}

/** Operator actions on one order beyond settlement and review: a failed refund again, a wallet check now. */
export function orderActionRoutes(deps: OrderActionRoutesDeps): Router<RequestState> {
  const router = new Router<RequestState>();

  /** A refund that failed for good goes back to the refund worker, under the same refund id. */
  router.post('/orders/:traceId/refund/retry', async (ctx) => {
    const id = uuid(ctx.params.traceId);
    const result = id.ok ? await deps.retryRefund.execute(id.value) : 'not_found';
    ctx.status = { retrying: 202, not_found: 404, not_failed: 409 }[result];
    ctx.body = { result };
  });

  /** Asks the order's wallet now; a definite answer moves the order as a webhook would have. */
  router.post('/orders/:traceId/reconcile', async (ctx) => {
    const id = uuid(ctx.params.traceId);
    const outcome = id.ok ? await deps.reconcileOrder.execute(id.value) : ({ result: 'not_found' } as const);
    switch (outcome.result) {
      case 'not_found':
        ctx.status = 404;
        ctx.body = { result: outcome.result };
        return;
      case 'not_reconcilable':
        ctx.status = 409;
        ctx.body = { result: outcome.result, status: outcome.status, error: `an order in ${outcome.status} has nothing to ask its wallet` };
        return;
      case 'wallet_unavailable':
        ctx.status = 502;
        ctx.body = {
          result: outcome.result,
          status: outcome.status,
          error: 'the wallet did not answer (out of service or failing; see the log)',
        };
        return;
      case 'reconciled':
        ctx.body = { result: outcome.result, wallet_says: outcome.walletSays, before: outcome.before, status: outcome.status };
    }
  });

  return router;
}
