import Router from '@koa/router';
import type { CreateOrder } from '../../../application/orders/create-order.use-case.js';
import type { GetAssetRanges } from '../../../application/orders/get-asset-ranges.use-case.js';
import type { AssetRange } from '../../../domain/wallet/asset-range.js';
import type { BrokerMetrics } from '../../../domain/ports/broker-metrics.port.js';
import { MIXPAY_CODES } from '../../../application/orders/mixpay-error.js';
import type { Clock } from '../../../domain/ports/clock.port.js';
import { logContext } from '../../logging/log-context.js';
import { formBody } from '../body.js';
import type { RequestState } from '../middleware/request-context.js';
import { createOrderSchema, readCreateOrder, type CreateOrderPolicy } from './create-order.request.js';
import { failure, success } from './envelope.js';
import * as rules from './field-rules.js';
import { assetsRangeQuery, type AssetRangeRow, type CheckoutLinksBody } from './mixpay.schemas.js';

export interface MixPayRouteDeps {
  readonly getAssetRanges: GetAssetRanges;
  readonly createOrder: CreateOrder;
  readonly clock: Clock;
  readonly orderPolicy: CreateOrderPolicy;
  readonly metrics: Pick<BrokerMetrics, 'orderRefused'>;
}

/** MixPay's two calls. Every answer is HTTP 200 with the envelope; MixPay reads `code`. */
export function mixpayRoutes(deps: MixPayRouteDeps): Router<RequestState> {
  const router = new Router<RequestState>({ prefix: '/mixpay' });

  router.get('/assets/range', async (ctx) => {
    const query = rules.readFields(assetsRangeQuery, ctx.query);
    if (!query.ok) {
      ctx.body = failure({ code: MIXPAY_CODES.parameter, message: `Parameter error: ${query.problems.join('; ')}.` });
      return;
    }
    const result = await deps.getAssetRanges.execute(query.value.payee_id, query.value.wallet);
    ctx.body = result.ok ? success(assetRangeRows(result.value)) : failure(result.error);
  });

  const createOrderBody = createOrderSchema(deps.orderPolicy, () => deps.clock.now());
  router.post('/create_order', formBody(), async (ctx) => {
    const body = ctx.is('multipart') ? unwrapFormFields(ctx.request.body) : ctx.request.body;
    const read = readCreateOrder(createOrderBody, body);
    if (!read.ok) {
      ctx.state.log.info({ problem: read.error.message }, 'create_order refused: bad parameters');
      deps.metrics.orderRefused(walletNamed(body), read.error.code);
      ctx.body = failure(read.error);
      return;
    }
    logContext.add({ trace_id: read.terms.traceId, wallet: read.terms.wallet });
    const result = await deps.createOrder.execute(read.terms);
    ctx.body = result.ok
      ? success({
          checkout_url: result.value.checkoutUrl,
          deep_link: result.value.deepLink,
          universal_url: result.value.universalUrl,
        } satisfies CheckoutLinksBody)
      : failure(result.error);
    if (!result.ok) deps.metrics.orderRefused(read.terms.wallet, result.error.code);
    ctx.state.log.info({ code: ctx.body.code }, result.ok ? 'order created' : 'create_order refused');
  });

  return router;
}

/** The wallet a refused request named, if any (the metrics keep only configured ones as labels). */
function walletNamed(body: unknown): string {
  const wallet = (body as { wallet?: unknown } | null)?.wallet;
  return typeof wallet === 'string' ? wallet : '';
}

/** Multipart parsing wraps every field in an array; a field sent once is unwrapped, a repeated one stays an (invalid) array. */
function unwrapFormFields(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) && v.length === 1 ? v[0] : v]));
}

/** The wire rows of a range answer (shared with the fast lane). */
export function assetRangeRows(ranges: readonly AssetRange[]): AssetRangeRow[] {
  return ranges.map((r) => ({ asset_id: r.assetId, min: r.min, max: r.max, min_usdt: r.minUsdt, max_usdt: r.maxUsdt, fee: r.fee }));
}
