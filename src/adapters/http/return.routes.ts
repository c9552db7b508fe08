import Router from '@koa/router';
import type { ReturnRedirect } from '../../application/orders/return-redirect.use-case.js';
import type { RequestState } from './middleware/request-context.js';
import { uuid } from './mixpay/field-rules.js';

/** `GET /return/<trace_id>`: where wallets send the payer back; 302 to MixPay's return_url. */
export function returnRoutes(returnRedirect: ReturnRedirect): Router<RequestState> {
  const router = new Router<RequestState>();
  router.get('/return/:traceId', async (ctx) => {
    const id = uuid(ctx.params.traceId);
    const target = id.ok ? await returnRedirect.execute(id.value) : null;
    if (!target) {
      ctx.status = 404;
      ctx.type = 'text/plain';
      ctx.body = 'unknown order';
      return;
    }
    ctx.status = 302;
    ctx.redirect(target);
  });
  return router;
}
