import type { Order } from '../order/order.js';
import type { OrderTransition } from '../order/order-transition.js';
import { DomainError } from '../shared/domain-error.js';

/** Another writer saved the order first; reload and decide again. */
export class ConcurrentOrderUpdate extends DomainError {
  constructor(traceId: string) {
    super(`order ${traceId} was changed concurrently`);
  }
}

export interface OrderRepository {
  /** Stores a new order with its first transition; 'duplicate' when the trace id already exists. */
  insert(order: Order): Promise<'inserted' | 'duplicate'>;
  findByTraceId(traceId: string): Promise<Order | null>;
  /**
   * Saves changes and appends pending transitions; throws ConcurrentOrderUpdate on a stale version.
   * An order whose status no longer holds a reservation (`holdsReservation`) has it released in the
   * same transaction, so no use-case releases one by hand.
   */
  save(order: Order): Promise<void>;
  history(traceId: string): Promise<OrderTransition[]>;
  /** Unpaid orders whose deadline has passed (`creating` or `awaiting_payment`), oldest first. */
  pastDeadline(now: Date, limit: number): Promise<Order[]>;
  /** Orders awaiting payment whose next wallet check is due. */
  dueForCheck(now: Date, limit: number): Promise<Order[]>;
}
