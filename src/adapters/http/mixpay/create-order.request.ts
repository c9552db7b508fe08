import type { MixPayError } from '../../../application/orders/mixpay-error.js';
import { MIXPAY_CODES } from '../../../application/orders/mixpay-error.js';
import type { OrderTerms } from '../../../domain/order/order-terms.js';
import type { ReturnUrlPolicy } from '../../../domain/order/return-url-policy.js';
import * as rules from './field-rules.js';

/** What an operator bounds in a create_order request (config `mixpay`). */
export interface CreateOrderPolicy {
  /** expired_at may lie at most this far ahead. */
  readonly maxOrderLifetimeSeconds: number;
  readonly returnUrl: ReturnUrlPolicy;
}

/** Reads MixPay's create_order body into validated terms; every bad field is named in the error. */
export function readCreateOrder(body: unknown, now: Date, policy: CreateOrderPolicy): { ok: true; terms: OrderTerms } | { ok: false; error: MixPayError } {
  const b = (body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const take = <T>(field: string, read: rules.Read<T>): T | undefined => {
    if (read.ok) return read.value;
    problems.push(`${field} ${read.problem}`);
    return undefined;
  };
  const payeeId = take('payee_id', rules.uuid(b.payee_id, { allowBareHex: true }));
  const wallet = take('wallet', rules.walletId(b.wallet));
  const assetId = take('asset_id', rules.uuid(b.asset_id));
  const amount = take('amount', rules.amount(b.amount));
  const traceId = take('trace_id', rules.uuid(b.trace_id));
  const memo = take('memo', rules.memo(b.memo));
  const expiredAt = take('expired_at', rules.expiredAt(b.expired_at, now, policy.maxOrderLifetimeSeconds));
  const returnUrl = take('return_url', rules.returnUrl(b.return_url, policy.returnUrl));
  const opponentId = take('opponent_id', rules.uuid(b.opponent_id));

  if (problems.length > 0) {
    return { ok: false, error: { code: MIXPAY_CODES.parameter, message: `Parameter error: ${problems.join('; ')}.` } };
  }
  return {
    ok: true,
    terms: {
      payeeId: payeeId!,
      wallet: wallet!,
      assetId: assetId!,
      amount: amount!,
      traceId: traceId!,
      memo: memo!,
      expiredAt: expiredAt!,
      returnUrl: returnUrl!,
      opponentId: opponentId!,
    },
  };
}
