import type { Clock } from '../../domain/ports/clock.port.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { SettlementQueue } from '../../domain/ports/settlement-queue.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';
import { mutateOrder } from '../orders/mutate-order.js';

export type RetrySettlementResult = 'retrying' | 'not_found' | 'not_failed';

export interface RetrySettlementDeps {
  readonly orders: OrderRepository;
  readonly settlement: SettlementQueue;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
}

/** An operator sends a `settlement_failed` order back to the settlement worker (same request id). */
export class RetrySettlement {
  constructor(private readonly d: RetrySettlementDeps) {}

  async execute(traceId: string): Promise<RetrySettlementResult> {
    let result: RetrySettlementResult = 'not_found';
    await mutateOrder(this.d, traceId, async (o) => {
      if (o.status !== 'settlement_failed') {
        result = 'not_failed';
        return false;
      }
      const now = this.d.clock.now();
      o.transition('settling', 'operator retried the settlement', now);
      await this.d.settlement.reopen(traceId, now);
      result = 'retrying';
      return true;
    });
    return result;
  }
}
