import type { Middleware } from 'koa';
import { noPermission } from '../../../application/orders/mixpay-error.js';
import { failure } from '../mixpay/envelope.js';
import { isUnder } from '../security/canonical-path.js';
import { networkList } from './network-list.js';
import type { RequestState } from './request-context.js';

/**
 * mixpay.allowFrom: MixPay's create_order carries no authentication, so when networks are listed,
 * /mixpay/* (in any spelling) answers anyone else 11001 before the body is even read. Needs ctx.state.clientIp.
 */
export function mixpayCallers(allowFrom: readonly string[]): Middleware<RequestState> {
  const allowed = networkList(allowFrom);
  return async (ctx, next) => {
    if (allowed.empty || !isUnder(ctx.path, '/mixpay') || allowed.includes(ctx.state.clientIp)) return next();
    ctx.state.log.warn({ client_ip: ctx.state.clientIp, path: ctx.path }, 'MixPay call refused: caller not in mixpay.allowFrom');
    ctx.status = 200; // MixPay reads only the envelope
    ctx.body = failure(noPermission());
  };
}
