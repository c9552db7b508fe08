import type { Order } from '../../domain/order/order.js';
import { historyCte, pendingMoves } from './order-history-rows.js';
import { pgArray } from './raw-sql.js';
import type { OrderRecord } from './entities/order.entity.js';
import { toRecord } from './order-mapper.js';

/*
 * New orders with their first history rows as ONE statement, optionally taking advisory locks in
 * the same round trip: the order admission's first step (see BatchedOrderAdmission).
 */

/** Every column of `orders` and the cast its parameter needs (a field missing here is a compile error). */
const COLUMN_OF: { readonly [K in keyof OrderRecord]: readonly [column: string, cast: string] } = {
  traceId: ['trace_id', 'uuid'],
  payeeId: ['payee_id', 'uuid'],
  wallet: ['wallet', 'text'],
  assetId: ['asset_id', 'uuid'],
  amount: ['amount', 'numeric'],
  fee: ['fee', 'numeric'],
  currency: ['currency', 'text'],
  memo: ['memo', 'text'],
  expiredAt: ['expired_at', 'timestamptz'],
  returnUrl: ['return_url', 'text'],
  opponentId: ['opponent_id', 'uuid'],
  status: ['status', 'text'],
  paymentId: ['payment_id', 'text'],
  checkoutUrl: ['checkout_url', 'text'],
  deepLink: ['deep_link', 'text'],
  universalUrl: ['universal_url', 'text'],
  providerData: ['provider_data', 'jsonb'],
  failureReason: ['failure_reason', 'text'],
  nextCheckAt: ['next_check_at', 'timestamptz'],
  checks: ['checks', 'int'],
  mixpayRefundCode: ['mixpay_refund_code', 'text'],
  reportedAmount: ['reported_amount', 'text'],
  reportedCurrency: ['reported_currency', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  updatedAt: ['updated_at', 'timestamptz'],
  version: ['version', 'int'],
};
const COLUMNS = Object.entries(COLUMN_OF).map(([key, [column, cast]]) => [key as keyof OrderRecord, column, cast] as const);
const ORDER_VALUES = `(${COLUMNS.map(([, , cast]) => `?::${cast}`).join(', ')})`;

function insertSql(orders: number, moves: number, locks: boolean): string {
  const history = historyCte(moves, 'o');
  return `with o as (
      insert into orders (${COLUMNS.map(([, column]) => column).join(', ')})
      values ${Array.from({ length: orders }, () => ORDER_VALUES).join(', ')}
      on conflict (trace_id) do nothing
      returning trace_id)${
        history
          ? `,
    ${history}`
          : ''
      }${
        locks
          ? `,
    l as (select pg_advisory_xact_lock(hashtext(k)) from unnest(?::text[]) with ordinality as t(k, n) order by n)`
          : ''
      }
    select (select count(*) from o)::int as inserted${locks ? ', (select count(*) from l)::int as locked' : ''}`;
}

/**
 * The statement that inserts the orders and their pending transitions (ON CONFLICT DO NOTHING: a
 * trace id already stored is skipped, not an error that would abort the transaction), then takes
 * `lockKeys`' advisory transaction locks in the given order. The statement's snapshot predates the
 * locks: whatever must be read under them is read by a later statement. Its one row says how many
 * orders were inserted.
 */
export function insertOrdersStatement(orders: readonly Order[], lockKeys: readonly string[] = []): { text: string; values: unknown[] } {
  const params: unknown[] = [];
  for (const order of orders) {
    const r = toRecord(order);
    for (const [key] of COLUMNS) params.push(key === 'providerData' ? JSON.stringify(r.providerData ?? {}) : r[key]);
  }
  const moves = pendingMoves(orders);
  return {
    text: insertSql(orders.length, moves.count, lockKeys.length > 0),
    values: [...params, ...moves.params, ...(lockKeys.length > 0 ? [pgArray(lockKeys)] : [])],
  };
}
