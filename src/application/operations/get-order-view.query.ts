import type { OrderRepository } from '../../domain/ports/order.repository.port.js';
import type { RefundQueue } from '../../domain/ports/refund-queue.port.js';
import type { SettlementQueue } from '../../domain/ports/settlement-queue.port.js';

export interface OrderView {
  trace_id: string;
  status: string;
  wallet: string;
  payee_id: string;
  asset_id: string;
  amount: string;
  fee: string;
  pay_amount: string;
  currency: string;
  memo: string;
  opponent_id: string;
  expired_at: string;
  return_url: string;
  payment_id: string | null;
  links: { checkout_url: string; deep_link: string; universal_url: string } | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
  mixpay_refund_code: string | null;
  /** What the wallet reported as paid, when it was not what was due (needs_review). */
  reported_payment: { amount: string | null; currency: string | null } | null;
  next_check_at: string | null;
  history: { from: string | null; to: string; cause: string; at: string }[];
  transfer: {
    state: string;
    attempts: number;
    next_attempt_at: string;
    last_error: string | null;
    transaction_hash: string | null;
  } | null;
  refund: {
    refund_id: string;
    kind: string;
    state: string;
    amount: string;
    currency: string;
    reason: string;
    attempts: number;
    last_error: string | null;
    provider_refund_id: string | null;
  } | null;
}

export interface GetOrderViewDeps {
  readonly orders: OrderRepository;
  readonly settlement: SettlementQueue;
  readonly refunds: RefundQueue;
}

/** The operator's view of one order. */
export class GetOrderView {
  constructor(private readonly d: GetOrderViewDeps) {}

  async execute(traceId: string): Promise<OrderView | null> {
    const order = await this.d.orders.findByTraceId(traceId);
    if (!order) return null;
    const t = order.terms;
    const [history, transfer, refund] = await Promise.all([
      this.d.orders.history(traceId),
      this.d.settlement.find(traceId),
      this.d.refunds.findByTraceId(traceId),
    ]);
    return {
      trace_id: t.traceId,
      status: order.status,
      wallet: t.wallet,
      payee_id: t.payeeId,
      asset_id: t.assetId,
      amount: t.amount.toString(),
      fee: order.fee.toString(),
      pay_amount: order.payAmount.toString(),
      currency: order.currency,
      memo: t.memo,
      opponent_id: t.opponentId,
      expired_at: t.expiredAt.toISOString(),
      return_url: t.returnUrl,
      payment_id: order.paymentId,
      links: order.links
        ? { checkout_url: order.links.checkoutUrl, deep_link: order.links.deepLink, universal_url: order.links.universalUrl }
        : null,
      failure_reason: order.failureReason,
      created_at: order.createdAt.toISOString(),
      updated_at: order.updatedAt.toISOString(),
      mixpay_refund_code: order.mixpayRefundCode,
      reported_payment: order.reportedPayment,
      next_check_at: order.nextCheckAt?.toISOString() ?? null,
      history: history.map((h) => ({ from: h.from, to: h.to, cause: h.cause, at: h.at.toISOString() })),
      transfer: transfer && {
        state: transfer.state,
        attempts: transfer.attempts,
        next_attempt_at: transfer.nextAttemptAt.toISOString(),
        last_error: transfer.lastError,
        transaction_hash: transfer.transactionHash,
      },
      refund: refund && {
        refund_id: refund.refundId,
        kind: refund.kind,
        state: refund.state,
        amount: refund.amount.toString(),
        currency: refund.currency,
        reason: refund.reason,
        attempts: refund.attempts,
        last_error: refund.lastError,
        provider_refund_id: refund.providerRefundId,
      },
    };
  }
}
