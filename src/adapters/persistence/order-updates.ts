import type { Order } from '../../domain/order/order.js';
import type { SqlSession } from './raw-sql.js';
import { historyCte, pendingMoves } from './order-history-rows.js';
import { toRecord } from './order-mapper.js';

/*
 * The version-checked update of what can change on orders, with their pending history rows, as ONE
 * statement for any number of orders: atomic on its own, so a save needs no BEGIN/COMMIT, and
 * concurrent saves can share it (see OrderSaveBatch).
 */

const ORDER_VALUES = '(?::uuid, ?::int, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz, ?::int, ?, ?, ?, ?::timestamptz)';

function updateSql(orders: number, moves: number): string {
  const update = `with v (trace_id, version, status, payment_id, checkout_url, deep_link, universal_url, provider_data,
                          failure_reason, next_check_at, checks, mixpay_refund_code, reported_amount, reported_currency, updated_at)
      as (values ${Array.from({ length: orders }, () => ORDER_VALUES).join(', ')}),
    u as (update orders o set status = v.status, payment_id = v.payment_id, checkout_url = v.checkout_url,
            deep_link = v.deep_link, universal_url = v.universal_url, provider_data = v.provider_data,
            failure_reason = v.failure_reason, next_check_at = v.next_check_at, checks = v.checks,
            mixpay_refund_code = v.mixpay_refund_code, reported_amount = v.reported_amount,
            reported_currency = v.reported_currency, updated_at = v.updated_at, version = o.version + 1
          from v where o.trace_id = v.trace_id and o.version = v.version
          returning o.trace_id)`;
  const history = historyCte(moves, 'u');
  return `${update}${
    history
      ? `,
    ${history}`
      : ''
  }
    select trace_id::text as trace_id from u`;
}

/**
 * Updates `orders` (distinct trace ids: one UPDATE … FROM would apply only one of two rows for the
 * same order) and appends their pending transitions; the trace ids whose version matched. Those are
 * marked saved; the others are left as they were, transitions still pending.
 */
export async function updateOrders(sql: SqlSession, orders: readonly Order[]): Promise<Set<string>> {
  const params: unknown[] = [];
  for (const order of orders) {
    const r = toRecord(order);
    params.push(
      r.traceId,
      r.version,
      r.status,
      r.paymentId,
      r.checkoutUrl,
      r.deepLink,
      r.universalUrl,
      JSON.stringify(r.providerData ?? {}),
      r.failureReason,
      r.nextCheckAt,
      r.checks,
      r.mixpayRefundCode,
      r.reportedAmount,
      r.reportedCurrency,
      r.updatedAt,
    );
  }
  const moves = pendingMoves(orders);
  const rows = await sql.rows<{ trace_id: string }>(updateSql(orders.length, moves.count), [...params, ...moves.params]);
  const updated = new Set(rows.map((row) => row.trace_id));
  for (const order of orders) {
    if (!updated.has(order.traceId)) continue;
    order.takePendingTransitions();
    order.markSaved(order.version + 1);
  }
  return updated;
}
