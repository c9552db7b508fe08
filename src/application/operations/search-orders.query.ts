import type { OrderFilter, OrderPageKey, OrderSearch, OrderSummary } from '../../domain/ports/order-search.port.js';

/** Page sizes of the order list: what an operator gets by default, and the most one page may hold. */
export const ORDER_PAGE_SIZE = { default: 50, max: 500 } as const;

export interface OrderListItem {
  trace_id: string;
  status: string;
  wallet: string;
  payee_id: string;
  asset_id: string;
  amount: string;
  fee: string;
  currency: string;
  payment_id: string | null;
  created_at: string;
  updated_at: string;
  expired_at: string;
}

export interface OrderListPage {
  readonly orders: OrderListItem[];
  /** Where the next page starts; null on the last page. */
  readonly next: OrderPageKey | null;
}

export interface SearchOrdersDeps {
  readonly search: OrderSearch;
}

/** The operator's order list: filtered, newest first, one page at a time. */
export class SearchOrders {
  constructor(private readonly d: SearchOrdersDeps) {}

  async execute(filter: OrderFilter, limit: number, after: OrderPageKey | null): Promise<OrderListPage> {
    const size = Math.min(Math.max(1, Math.trunc(limit)), ORDER_PAGE_SIZE.max); // the route validates; this bounds any other caller
    const page = await this.d.search.search(filter, size, after);
    return { orders: page.orders.map(toItem), next: page.next };
  }
}

function toItem(o: OrderSummary): OrderListItem {
  return {
    trace_id: o.traceId,
    status: o.status,
    wallet: o.wallet,
    payee_id: o.payeeId,
    asset_id: o.assetId,
    amount: o.amount.toString(),
    fee: o.fee.toString(),
    currency: o.currency,
    payment_id: o.paymentId,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    expired_at: o.expiredAt.toISOString(),
  };
}
