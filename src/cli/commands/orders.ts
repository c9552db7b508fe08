import { AdminApi } from '../admin-api.js';
import { usageError, type CliIo } from '../io.js';
import { keyValues, table } from '../table.js';
import type { Parsed } from '../args.js';

/** The filters of GET /admin/orders, as flags (`--asset-id` for asset_id). */
export const ORDER_FILTERS = ['status', 'wallet', 'asset_id', 'payee_id', 'from', 'to', 'q', 'limit', 'cursor'] as const;

const LIST_COLUMNS = ['trace_id', 'status', 'wallet', 'amount', 'fee', 'currency', 'created_at'];

/** `orders list [--status paid] [--wallet w] … [--limit n] [--cursor c]` */
export async function ordersList(args: Parsed, io: CliIo): Promise<void> {
  const query = new URLSearchParams();
  for (const f of ORDER_FILTERS) {
    const v = args.flags[f];
    if (typeof v === 'string') query.set(f, v);
  }
  const answer = await new AdminApi(io.env).get(`/admin/orders${query.toString() ? `?${query}` : ''}`);
  if (args.json) return io.out(`${JSON.stringify(answer.body, null, 2)}\n`);
  const body = answer.body as { orders?: Record<string, unknown>[]; next_cursor?: string | null };
  const orders = body.orders ?? [];
  io.out(table(LIST_COLUMNS, orders));
  if (body.next_cursor) io.out(`more: add --cursor ${body.next_cursor}\n`);
}

const SHOW_KEYS = [
  'trace_id',
  'status',
  'wallet',
  'payee_id',
  'asset_id',
  'amount',
  'fee',
  'pay_amount',
  'currency',
  'memo',
  'opponent_id',
  'payment_id',
  'expired_at',
  'created_at',
  'updated_at',
  'return_url',
  'failure_reason',
  'mixpay_refund_code',
  'next_check_at',
];

/** `orders show <trace_id>`: the order, its history, and its transfer and refund. */
export async function ordersShow(args: Parsed, io: CliIo): Promise<void> {
  const trace = args.positionals[0];
  if (!trace) throw usageError('orders show needs a trace id: broker orders show <trace_id>');
  const answer = await new AdminApi(io.env).get(`/admin/orders/${encodeURIComponent(trace)}`, { 404: 'no order has this trace id' });
  if (args.json) return io.out(`${JSON.stringify(answer.body, null, 2)}\n`);
  const order = answer.body as Record<string, unknown>;
  io.out(
    keyValues(
      order,
      SHOW_KEYS.filter((k) => k in order),
    ),
  );
  const links = order.links as Record<string, unknown> | null;
  if (links) io.out(`\nlinks\n${keyValues(links)}`);
  io.out(`\nhistory\n${table(['at', 'from', 'to', 'cause'], (order.history as Record<string, unknown>[]) ?? [])}`);
  if (order.transfer) io.out(`\ntransfer to MixPay\n${keyValues(order.transfer as Record<string, unknown>)}`);
  if (order.refund) io.out(`\nrefund to the payer\n${keyValues(order.refund as Record<string, unknown>)}`);
}
