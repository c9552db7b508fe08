import type { Amount } from '../money/amount.js';
import type { OrderStatus } from '../order/order-status.js';

/** Where a page of a newest-first list ends: the next page starts strictly after this key. */
export interface OrderPageKey {
  /** created_at exactly as stored (microseconds kept), as ISO 8601 text. */
  readonly createdAt: string;
  readonly traceId: string;
}

export interface OrderFilter {
  /** Any of these; empty means every status. */
  readonly statuses: readonly OrderStatus[];
  readonly wallet: string | null;
  readonly assetId: string | null;
  readonly payeeId: string | null;
  /** Created at or after. */
  readonly from: Date | null;
  /** Created before. */
  readonly to: Date | null;
  /** A whole trace id, part of one (at least 3 characters), or a provider payment id. */
  readonly q: string | null;
}

/** One row of the operator's order list: enough to pick an order, not its whole view. */
export interface OrderSummary {
  readonly traceId: string;
  readonly status: OrderStatus;
  readonly wallet: string;
  readonly payeeId: string;
  readonly assetId: string;
  readonly amount: Amount;
  readonly fee: Amount;
  readonly currency: string;
  readonly paymentId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly expiredAt: Date;
}

export interface OrderPage {
  readonly orders: readonly OrderSummary[];
  /** Null on the last page. */
  readonly next: OrderPageKey | null;
}

/** The operator's order search: a read model, newest first, paged by key (never by offset). */
export interface OrderSearch {
  search(filter: OrderFilter, limit: number, after: OrderPageKey | null): Promise<OrderPage>;
}
