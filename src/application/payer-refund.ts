import type { Order } from '../domain/order/order.js';
import type { IdGenerator } from '../domain/ports/id-generator.port.js';
import type { RefundQueue } from '../domain/ports/refund-queue.port.js';
import type { RefundKind } from '../domain/refund/refund-job.js';

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
): Promise<boolean> {
  return deps.refunds.enqueue(
    {
      refundId: deps.ids.uuid(),
      traceId: order.traceId,
      wallet: order.wallet,
      kind,
      amount: order.payAmount,
      currency: order.currency,
      reason,
    },
    now,
  );
}
