import { z } from 'zod';
import type { OrderView } from '../../../application/operations/get-order-view.query.js';
import { INCOMING_OUTCOMES } from '../../../domain/ports/incoming-transfer-log.port.js';
import * as rules from '../mixpay/field-rules.js';

/*
 * What the admin routes read and write, as zod schemas: the routes validate with them and
 * GET /openapi.json describes them. An answer's schema is tied to the type the route returns
 * (`satisfies`), so a field added to one without the other does not compile.
 */

export const problemBody = z.object({ error: z.string() });

export const traceIdParams = z.object({ traceId: rules.uuidSchema.meta({ description: "MixPay's trace_id of the order." }) });

export const reviewBody = z.object({
  decision: z.enum(['settle', 'refund'], { error: 'must be "settle" or "refund"' }).meta({
    description: "settle: send MixPay's amount anyway; refund: refund the payer exactly what the wallet reported as paid.",
  }),
  note: z.string().optional().meta({ description: 'Why, for the order history (kept to 200 characters).' }),
});

export const incomingTransferRow = z.object({
  snapshot_id: z.string(),
  asset_id: z.string(),
  amount: z.string(),
  opponent_id: z.string(),
  memo: z.string(),
  created_at: z.string(),
  outcome: z.enum(INCOMING_OUTCOMES),
  trace_id: z.string().nullable(),
  refund_code: z.string().nullable(),
});

export const sandboxIncomingFields = z.object({
  asset_id: rules.uuidSchema,
  amount: rules.amountSchema,
  opponent_id: rules.uuidSchema,
  memo: rules.memoSchema,
});
export const sandboxIncomingBody = rules.withJsonNumbers(['amount'], sandboxIncomingFields);

const at = z.string().meta({ description: 'ISO 8601 time.' });

export const orderViewSchema = z.object({
  trace_id: z.string(),
  status: z.string(),
  wallet: z.string(),
  payee_id: z.string(),
  asset_id: z.string(),
  amount: z.string(),
  fee: z.string(),
  pay_amount: z.string().meta({ description: 'amount + fee: what the payer is charged.' }),
  currency: z.string(),
  memo: z.string(),
  opponent_id: z.string(),
  expired_at: at,
  return_url: z.string(),
  payment_id: z.string().nullable(),
  links: z.object({ checkout_url: z.string(), deep_link: z.string(), universal_url: z.string() }).nullable(),
  failure_reason: z.string().nullable(),
  created_at: at,
  updated_at: at,
  mixpay_refund_code: z.string().nullable(),
  reported_payment: z.object({ amount: z.string().nullable(), currency: z.string().nullable() }).nullable(),
  next_check_at: at.nullable(),
  history: z.array(z.object({ from: z.string().nullable(), to: z.string(), cause: z.string(), at })),
  transfer: z
    .object({
      state: z.string(),
      attempts: z.number().int(),
      next_attempt_at: at,
      last_error: z.string().nullable(),
      transaction_hash: z.string().nullable(),
    })
    .nullable(),
  refund: z
    .object({
      refund_id: z.string(),
      kind: z.string(),
      state: z.string(),
      amount: z.string(),
      currency: z.string(),
      reason: z.string(),
      attempts: z.number().int(),
      last_error: z.string().nullable(),
      provider_refund_id: z.string().nullable(),
    })
    .nullable(),
}) satisfies z.ZodType<OrderView>;
