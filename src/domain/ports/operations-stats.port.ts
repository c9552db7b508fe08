import type { OrderStatus } from '../order/order-status.js';

/** Work waiting in one queue (transfers to MixPay, or refunds to payers). */
export interface QueueBacklog {
  /** Not finished and not given up on: pending, in flight, or waiting for the provider. */
  readonly open: number;
  /** When the oldest open job was queued; null when there is none. */
  readonly oldestQueuedAt: Date | null;
  /** Given up on: waiting for an operator. */
  readonly failed: number;
}

/** Counts for the operator's dashboard; each is answered from an index, not a scan of every order. */
export interface OperationsStats {
  /** Orders per status among `statuses`, created at or after `since` when given; statuses without orders are left out. */
  orderCounts(statuses: readonly OrderStatus[], since: Date | null): Promise<Partial<Record<OrderStatus, number>>>;
  settlementBacklog(): Promise<QueueBacklog>;
  refundBacklog(): Promise<QueueBacklog>;
}
