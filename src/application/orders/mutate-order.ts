import type { Order } from '../../domain/order/order.js';
import { ConcurrentOrderUpdate, type OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';

const MAX_ATTEMPTS = 3;

/**
 * Loads an order, lets `change` move it and do the work that goes with the move (an outbox row, a
 * reservation released), and saves it, all in one transaction. On a concurrent update it starts
 * again from fresh state. `change` returns false when there is nothing to do; then nothing is saved.
 * Returns the order as saved, or null when it does not exist.
 */
export async function mutateOrder(
  deps: { orders: OrderRepository; uow: UnitOfWork },
  traceId: string,
  change: (order: Order) => Promise<boolean> | boolean,
): Promise<Order | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.uow.run(async () => {
        const order = await deps.orders.findByTraceId(traceId);
        if (!order) return null;
        if (await change(order)) await deps.orders.save(order);
        return order;
      });
    } catch (e) {
      if (!(e instanceof ConcurrentOrderUpdate) || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}
