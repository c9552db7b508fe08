import type { Order } from '../../domain/order/order.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';
import { retryOnConcurrentUpdate } from '../shared/retry-on-concurrent-update.js';

/**
 * Loads an order, lets `change` move it and do the work that goes with the move (an outbox row, a
 * refund queued), and saves it, all in one transaction (the save releases the reservation of an
 * order that no longer holds one). On a concurrent update it starts again from fresh state.
 * `change` returns false when there is nothing to do; then nothing is saved. Returns the order as
 * saved, or null when it does not exist.
 */
export function mutateOrder(
  deps: { orders: OrderRepository; uow: UnitOfWork },
  traceId: string,
  change: (order: Order) => Promise<boolean> | boolean,
): Promise<Order | null> {
  return retryOnConcurrentUpdate(deps.uow, async () => {
    const order = await deps.orders.findByTraceId(traceId);
    if (!order) return null;
    if (await change(order)) await deps.orders.save(order);
    return order;
  });
}
