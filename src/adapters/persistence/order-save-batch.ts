import type { Order } from '../../domain/order/order.js';
import { ConcurrentOrderUpdate } from '../../domain/ports/order.repository.port.js';
import type { DbContext } from './db-context.js';
import { updateOrders } from './order-updates.js';

interface Pending {
  readonly order: Order;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Group commit for order saves made outside a unit of work (a checkout attached, a status moved):
 * the saves that arrive while one statement is in flight go together in the next, one autocommit
 * statement for all of them. No timer: a save on a quiet broker goes at once. Each order keeps its
 * own version check; a statement that fails is retried one order at a time, so one bad row fails
 * only its own save.
 */
export class OrderSaveBatch {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly db: DbContext,
    private readonly maxBatch = 128,
  ) {}

  save(order: Order): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ order, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) await this.flush(this.takeBatch());
    } finally {
      this.flushing = false;
    }
  }

  /** Up to maxBatch saves, one per order: a second save of an order waits for the next statement. */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const seen = new Set<string>();
    for (const p of this.queue) {
      if (batch.length < this.maxBatch && !seen.has(p.order.traceId)) {
        seen.add(p.order.traceId);
        batch.push(p);
      } else rest.push(p);
    }
    this.queue = rest;
    return batch;
  }

  private async flush(batch: readonly Pending[]): Promise<void> {
    let updated: Set<string>;
    try {
      updated = await updateOrders(
        this.db.raw, // never inside a unit of work: those saves go straight to updateOrders
        batch.map((p) => p.order),
      );
    } catch (e) {
      if (batch.length === 1) return batch[0]!.reject(e);
      for (const p of batch) await this.flush([p]);
      return;
    }
    for (const p of batch) {
      if (updated.has(p.order.traceId)) p.resolve();
      else p.reject(new ConcurrentOrderUpdate(p.order.traceId));
    }
  }
}
