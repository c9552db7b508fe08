import type { Order } from '../../domain/order/order.js';
import { ConcurrentOrderUpdate } from '../../domain/ports/order.repository.port.js';
import type { DbContext } from './db-context.js';
import { GroupCommit } from './group-commit.js';
import { updateOrders } from './order-updates.js';

/**
 * Group commit for order saves made outside a unit of work (a checkout attached, a status moved):
 * the saves that arrive together share one autocommit statement (see GroupCommit). Each order keeps
 * its own version check; a second save of one order waits for the next statement.
 */
export class OrderSaveBatch {
  private readonly group: GroupCommit<Order, boolean>;

  constructor(db: DbContext, maxBatch = 128) {
    this.group = new GroupCommit(
      async (orders) => {
        // never inside a unit of work: those saves go straight to updateOrders
        const updated = await updateOrders(db.raw, orders);
        return orders.map((o) => updated.has(o.traceId));
      },
      (order) => order.traceId,
      maxBatch,
    );
  }

  async save(order: Order): Promise<void> {
    if (!(await this.group.submit(order))) throw new ConcurrentOrderUpdate(order.traceId);
  }
}
