import { Amount, InvalidAmount } from '../../domain/money/amount.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { IdGenerator } from '../../domain/ports/id-generator.port.js';
import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { RefundQueue } from '../../domain/ports/refund-queue.port.js';
import type { SettlementQueue } from '../../domain/ports/settlement-queue.port.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.port.js';
import { mutateOrder } from '../orders/mutate-order.js';
import { queuePayerRefund } from '../refunds/payer-refund.js';

export type ReviewDecision = 'settle' | 'refund';
export type ResolveReviewResult = 'settling' | 'refund_pending' | 'not_found' | 'not_in_review' | 'unknown_paid_amount';

export interface ResolveReviewDeps {
  readonly orders: OrderRepository;
  readonly settlement: SettlementQueue;
  readonly refunds: RefundQueue;
  readonly uow: UnitOfWork;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

/**
 * An operator decides an order held in `needs_review` (the payer paid another amount or currency):
 * `settle` sends MixPay its amount anyway (the broker covers any shortfall); `refund` gives the payer
 * back exactly what the wallet reported as paid (saving the move releases the reservation).
 */
export class ResolveReview {
  constructor(private readonly d: ResolveReviewDeps) {}

  async execute(traceId: string, decision: ReviewDecision, operatorNote: string): Promise<ResolveReviewResult> {
    let result: ResolveReviewResult = 'not_found';
    await mutateOrder(this.d, traceId, async (o) => {
      const now = this.d.clock.now();
      if (o.status !== 'needs_review') {
        result = 'not_in_review';
        return false;
      }
      const cause = `operator review: ${decision}${operatorNote ? ` (${operatorNote})` : ''}`;
      if (decision === 'settle') {
        o.transition('settling', cause, now);
        const t = o.terms;
        await this.d.settlement.enqueue(
          { traceId: t.traceId, assetId: t.assetId, opponentId: t.opponentId, amount: t.amount, memo: t.memo },
          now,
        );
        result = 'settling';
        return true;
      }
      const paid = reportedPaid(o.reportedPayment, o.currency);
      if (!paid) {
        result = 'unknown_paid_amount';
        return false;
      }
      o.transition('refund_pending', cause, now);
      await queuePayerRefund(this.d, o, 'review_refund', cause, now, paid);
      result = 'refund_pending';
      return true;
    });
    return result;
  }
}

/** What the wallet said the payer paid, if it is a usable amount. */
function reportedPaid(reported: { amount: string | null; currency: string | null } | null, fallbackCurrency: string) {
  if (!reported?.amount) return null;
  try {
    const amount = Amount.parse(reported.amount);
    return amount.isZero() ? null : { amount, currency: reported.currency ?? fallbackCurrency };
  } catch (e) {
    if (e instanceof InvalidAmount) return null;
    throw e;
  }
}
