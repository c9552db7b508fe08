import type { Amount } from '../../domain/money/amount.js';
import type { Order } from '../../domain/order/order.js';
import type { IdGenerator } from '../../domain/ports/id-generator.port.js';
import type { RefundQueue } from '../../domain/ports/refund-queue.port.js';
import type { RefundKind } from '../../domain/refund/refund-job.js';

/**
 * Queues the refund of everything the payer paid (amount + fee) through the wallet, in the caller's
 * unit of work. The fee goes back too: the payment failed through no fault of the payer.
 */
export function queuePayerRefund(
  deps: { refunds: RefundQueue; ids: IdGenerator },
  order: Order,
  kind: RefundKind,
  reason: string,
  now: Date,
  /** What to give back when it is not amount + fee (an under- or over-payment). */
  paid?: { amount: Amount; currency: string },
): Promise<boolean> {
  return deps.refunds.enqueue(
    {
      refundId: deps.ids.uuid(),
      traceId: order.traceId,
      wallet: order.wallet,
      kind,
      amount: paid?.amount ?? order.payAmount,
      currency: paid?.currency ?? order.currency,
      reason,
    },
    now,
  );
}
