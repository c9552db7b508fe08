import { Amount } from '../../domain/money/amount.js';
import type { OrderStatus } from '../../domain/order/order-status.js';
import type { OrderFilter, OrderPage, OrderPageKey, OrderSearch, OrderSummary } from '../../domain/ports/order-search.port.js';
import type { DbContext } from './db-context.js';

interface SummaryRow {
  trace_id: string;
  status: OrderStatus;
  wallet: string;
  payee_id: string;
  asset_id: string;
  amount: string;
  fee: string;
  currency: string;
  payment_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  expired_at: Date | string;
  created_key: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** created_at to the microsecond, in UTC: a JS Date would drop the microseconds and skip or repeat rows at a page edge. */
const CREATED_KEY = `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`;

const COLUMNS = `trace_id::text as trace_id, status, wallet, payee_id::text as payee_id, asset_id::text as asset_id,
  amount::text as amount, fee::text as fee, currency, payment_id, created_at, updated_at, expired_at, ${CREATED_KEY}`;

/**
 * The order search on `orders`, newest first, with keyset paging on (created_at, trace_id): each
 * filter maps onto an index of migration M005 that also yields that order, so a page costs about
 * `limit` index reads however deep it is. One row beyond the page says whether there is a next one.
 */
export class PgOrderSearch implements OrderSearch {
  constructor(private readonly db: DbContext) {}

  async search(filter: OrderFilter, limit: number, after: OrderPageKey | null): Promise<OrderPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (filter.statuses.length > 0) add(`status in (${filter.statuses.map(() => '?').join(', ')})`, ...filter.statuses);
    if (filter.wallet !== null) add('wallet = ?', filter.wallet);
    if (filter.assetId !== null) add('asset_id = ?::uuid', filter.assetId);
    if (filter.payeeId !== null) add('payee_id = ?::uuid', filter.payeeId);
    if (filter.from !== null) add('created_at >= ?', filter.from);
    if (filter.to !== null) add('created_at < ?', filter.to);
    if (filter.q !== null) {
      if (UUID.test(filter.q)) add('(trace_id = ?::uuid or payment_id = ?)', filter.q.toLowerCase(), filter.q);
      // trace_id::text is the trigram index's expression, written the same way so the planner matches it.
      else add(`(trace_id::text like ? escape '\\' or payment_id = ?)`, `%${escapeLike(filter.q.toLowerCase())}%`, filter.q);
    }
    if (after !== null) add('(created_at, trace_id) < (?::timestamptz, ?::uuid)', after.createdAt, after.traceId);
    const rows = await this.db.em().execute<SummaryRow[]>(
      `select ${COLUMNS} from orders ${where.length ? `where ${where.join(' and ')}` : ''}
        order by orders.created_at desc, orders.trace_id desc limit ?`, // qualified: the uuid column, not the text it is selected as
      [...params, limit + 1],
      'all',
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      orders: page.map(toSummary),
      next: rows.length > limit && last ? { createdAt: last.created_key, traceId: last.trace_id } : null,
    };
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toSummary(r: SummaryRow): OrderSummary {
  return {
    traceId: r.trace_id,
    status: r.status,
    wallet: r.wallet,
    payeeId: r.payee_id,
    assetId: r.asset_id,
    amount: Amount.of(r.amount),
    fee: Amount.of(r.fee),
    currency: r.currency,
    paymentId: r.payment_id,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    expiredAt: new Date(r.expired_at),
  };
}
