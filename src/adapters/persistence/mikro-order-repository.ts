import type { Order } from '../../domain/order/order.js';
import type { OrderStatus } from '../../domain/order/order-status.js';
import type { OrderTransition } from '../../domain/order/order-transition.js';
import type { BalanceLedger } from '../../domain/ports/balance-ledger.port.js';
import { ConcurrentOrderUpdate, type OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { DbContext } from './db-context.js';
import { OrderEntity, type OrderRecord } from './entities/order.entity.js';
import { OrderTransitionEntity, type OrderTransitionRecord } from './entities/order-transition.entity.js';
import { toDomain, toRecord } from './order-mapper.js';
import { OrderSaveBatch } from './order-save-batch.js';
import { updateOrders } from './order-updates.js';

/**
 * Orders in PostgreSQL through MikroORM; every save is a version-checked update plus its history
 * rows, and gives back the reservation of an order whose status no longer holds one.
 */
export class MikroOrderRepository implements OrderRepository {
  private readonly saves: OrderSaveBatch;

  constructor(
    private readonly db: DbContext,
    private readonly ledger: Pick<BalanceLedger, 'release'>,
  ) {
    this.saves = new OrderSaveBatch(db);
  }

  async insert(order: Order): Promise<'inserted' | 'duplicate'> {
    return this.inTransaction(async () => {
      const em = this.db.em();
      // ON CONFLICT DO NOTHING: a duplicate must not abort the surrounding transaction.
      const res = await em.createQueryBuilder(OrderEntity).insert(toRecord(order)).onConflict('traceId').ignore().execute('run');
      if (res.affectedRows === 0) return 'duplicate';
      await this.appendHistory(order);
      order.markSaved(order.version);
      return 'inserted';
    });
  }

  async findByTraceId(traceId: string): Promise<Order | null> {
    const row = await this.db.em().createQueryBuilder(OrderEntity).select('*').where({ traceId }).execute<OrderRecord | undefined>('get');
    return row ? toDomain(row) : null;
  }

  async save(order: Order): Promise<void> {
    // The one place the rule is applied: whichever use-case moved the order, the money it no
    // longer needs is free again when the move commits (a no-op once released or consumed).
    if (!order.holdsReservation()) {
      await this.inTransaction(async () => {
        await this.ledger.release(order.traceId);
        await this.updateOne(order);
      });
      return;
    }
    if (this.db.inTransaction()) return this.updateOne(order);
    // On its own the update is one atomic statement, shared with the saves that arrive meanwhile.
    await this.saves.save(order);
  }

  private async updateOne(order: Order): Promise<void> {
    if (!(await updateOrders(this.db.sql(), [order])).has(order.traceId)) throw new ConcurrentOrderUpdate(order.traceId);
  }

  async history(traceId: string): Promise<OrderTransition[]> {
    const rows = await this.db
      .em()
      .createQueryBuilder(OrderTransitionEntity)
      .select('*')
      .where({ traceId })
      .orderBy({ id: 'asc' })
      .execute<OrderTransitionRecord[]>('all');
    return rows.map((r) => ({
      from: r.fromStatus as OrderStatus | null,
      to: r.toStatus as OrderStatus,
      cause: r.cause,
      at: new Date(r.at),
    }));
  }

  async pastDeadline(now: Date, limit: number): Promise<Order[]> {
    const rows = await this.db
      .em()
      .createQueryBuilder(OrderEntity)
      .select('*')
      .where({ status: { $in: ['creating', 'awaiting_payment'] }, expiredAt: { $lt: now } })
      .orderBy({ expiredAt: 'asc' })
      .limit(limit)
      .execute<OrderRecord[]>('all');
    return rows.map(toDomain);
  }

  async dueForCheck(now: Date, limit: number): Promise<Order[]> {
    const rows = await this.db
      .em()
      .createQueryBuilder(OrderEntity)
      .select('*')
      .where({ status: 'awaiting_payment', nextCheckAt: { $lte: now } })
      .orderBy({ nextCheckAt: 'asc' })
      .limit(limit)
      .execute<OrderRecord[]>('all');
    return rows.map(toDomain);
  }

  private async appendHistory(order: Order): Promise<void> {
    const moves = order.takePendingTransitions();
    if (moves.length === 0) return;
    await this.db
      .em()
      .createQueryBuilder(OrderTransitionEntity)
      .insert(moves.map((m) => ({ traceId: order.traceId, fromStatus: m.from, toStatus: m.to, cause: m.cause, at: m.at })))
      .execute('run');
  }

  /** The row and its history go together, so a write outside a unit of work opens its own. */
  private inTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.run(work);
  }
}
