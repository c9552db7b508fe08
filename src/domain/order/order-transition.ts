import type { OrderStatus } from './order-status.js';

/** One recorded move of the state machine, kept as the order's history. */
export interface OrderTransition {
  readonly from: OrderStatus | null;
  readonly to: OrderStatus;
  readonly cause: string;
  readonly at: Date;
}
