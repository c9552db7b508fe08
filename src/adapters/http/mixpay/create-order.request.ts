import { z } from 'zod';
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

/** The create_order body fields, in the protocol's order. */
function createOrderFields(policy: CreateOrderPolicy, now: () => Date) {
  return z.object({
    payee_id: rules.payeeIdSchema,
    wallet: rules.walletIdSchema,
    asset_id: rules.uuidSchema.meta({ description: 'The Mixin asset to be paid to MixPay.' }),
    amount: rules.amountSchema,
    trace_id: rules.uuidSchema.meta({ description: "MixPay's order id; the same trace_id with the same fields is answered again." }),
    memo: rules.memoSchema,
    expired_at: rules.expiredAtSchema(now, policy.maxOrderLifetimeSeconds),
    return_url: rules.returnUrlSchema(policy.returnUrl),
    opponent_id: rules.uuidSchema.meta({ description: "MixPay's bot, which receives the transfer." }),
  });
}

/** The create_order body: validates requests and, as JSON Schema, documents them. */
export function createOrderSchema(policy: CreateOrderPolicy, now: () => Date) {
  const fields = createOrderFields(policy, now);
  return { fields, body: rules.withJsonNumbers(['amount', 'expired_at'], fields) };
}

export type CreateOrderSchema = ReturnType<typeof createOrderSchema>;

/** Reads MixPay's create_order body into validated terms; every bad field is named in the error, in the protocol's order. */
export function readCreateOrder(
  schema: CreateOrderSchema,
  body: unknown,
): { ok: true; terms: OrderTerms } | { ok: false; error: MixPayError } {
  const b = body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {};
  const read = rules.readFields(schema.fields, b, schema.body);
  if (!read.ok) return { ok: false, error: { code: MIXPAY_CODES.parameter, message: `Parameter error: ${read.problems.join('; ')}.` } };
  const d = read.value;
  return {
    ok: true,
    terms: {
      payeeId: d.payee_id,
      wallet: d.wallet,
      assetId: d.asset_id,
      amount: d.amount,
      traceId: d.trace_id,
      memo: d.memo,
      expiredAt: d.expired_at,
      returnUrl: d.return_url,
      opponentId: d.opponent_id,
    },
  };
}
