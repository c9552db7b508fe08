import type { Order } from '../../domain/order/order.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { Admission, OrderAdmission } from '../../domain/ports/order-admission.port.js';
import { admissionOutcomes, admissionStatements } from './admission-statements.js';
import type { DbContext } from './db-context.js';

interface Pending {
  readonly order: Order;
  readonly maxOpenPerPayee: number;
  readonly resolve: (a: Admission) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Application-level group commit for create_order. Orders of one asset that arrive while that asset's
 * previous batch is in flight wait and go together: one transaction, sent in one round trip, inserts
 * them all, takes the payee locks (sorted, so batches cannot deadlock) and counts, reserves their sum
 * in one statement and commits once (admission-statements.ts). The asset's balance row is locked for
 * that statement and the commit, per batch instead of per order. A batch whose sum the balance cannot
 * cover is tried again one order at a time, in arrival order, with the same statements. The guarantees
 * are those of one order at a time: the reserved sum never exceeds the balance (the check is in the
 * locking UPDATE, so other processes are covered), and a payee's held reservations never exceed the
 * bound (the same advisory lock as `lockOpenReservations`).
 */
export class BatchedOrderAdmission implements OrderAdmission {
  private readonly queues = new Map<string, Pending[]>();
  private readonly flushing = new Set<string>();

  constructor(
    private readonly db: DbContext,
    private readonly clock: Clock,
    /** Told after each commit that changed an asset's reservations (the range snapshot listens). */
    private readonly changed: (assetId: string) => void = () => undefined,
    private readonly maxBatch = 256,
  ) {}

  admit(order: Order, maxOpenPerPayee: number): Promise<Admission> {
    const assetId = order.terms.assetId;
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(assetId) ?? [];
      queue.push({ order, maxOpenPerPayee, resolve, reject });
      this.queues.set(assetId, queue);
      if (!this.flushing.has(assetId)) void this.drain(assetId);
    });
  }

  /** No timer: the first order goes at once, and whatever arrives during its commit forms the next batch. */
  private async drain(assetId: string): Promise<void> {
    this.flushing.add(assetId);
    try {
      for (;;) {
        const queue = this.queues.get(assetId);
        if (!queue || queue.length === 0) break;
        const batch = queue.splice(0, this.maxBatch);
        await this.flush(assetId, batch);
      }
    } finally {
      this.flushing.delete(assetId);
      this.queues.delete(assetId);
    }
  }

  private async flush(assetId: string, batch: Pending[]): Promise<void> {
    // The same trace id twice in a batch: the first competes, the others are duplicates of it.
    const seen = new Set<string>();
    const unique: Pending[] = [];
    for (const p of batch) {
      if (seen.has(p.order.traceId)) p.resolve('duplicate');
      else {
        seen.add(p.order.traceId);
        unique.push(p);
      }
    }
    let uncovered = await this.admitTogether(assetId, unique);
    if (uncovered.length > 1) {
      // The batch's sum did not fit, so none of it was kept: each order again, as if it came alone.
      const alone: Pending[] = [];
      for (const p of uncovered) alone.push(...(await this.admitTogether(assetId, [p])));
      uncovered = alone;
    }
    for (const p of uncovered) p.resolve('insufficient_balance');
  }

  /** One round trip, one transaction; answers every order but those the balance did not cover, which it returns. */
  private async admitTogether(assetId: string, batch: readonly Pending[]): Promise<Pending[]> {
    let outcome: Map<string, Admission>;
    try {
      const results = await this.db.raw.pipeline(admissionStatements(assetId, batch, this.clock.now()));
      outcome = admissionOutcomes(results[1] ?? []);
    } catch (e) {
      for (const p of batch) p.reject(e);
      return [];
    }
    const uncovered: Pending[] = [];
    let admitted = false;
    for (const p of batch) {
      const o = outcome.get(p.order.traceId) ?? 'duplicate';
      if (o === 'admitted') {
        p.order.takePendingTransitions();
        p.order.markSaved(p.order.version);
        admitted = true;
      }
      if (o === 'insufficient_balance') uncovered.push(p);
      else p.resolve(o);
    }
    if (admitted) this.changed(assetId);
    return uncovered;
  }
}
