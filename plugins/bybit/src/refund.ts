import {
  Amount,
  err,
  ok,
  type PaymentRef,
  type RefundOutcome,
  type RefundRequest,
  type Result,
  type WalletFailure,
} from '@mixpay-broker/plugin-api';
import { RET_CODE } from './errors.js';
import type { BybitRuntime } from './runtime.js';
import { parseRefundResult, REFUND_PATH, REFUND_TYPE, type PayOrder, type RefundOrder } from './transformers.js';

/*
 * POST /v5/bybitpay/refund, one item per call. `merchantRefundNo` is the broker's refundId, the same on
 * every retry, which is Bybit's idempotency key: a repeat answers the same refund. Full or partial is
 * told by `refundAmount` alone; Bybit documents a single refundType (MERCHNT_SELF_REFUND, its spelling).
 *
 * 500103 "already refunded" is checked against the order's refunds: when our merchantRefundNo is among
 * them the refund is ours and the answer is its state (idempotent); otherwise another refund emptied the
 * payment and this one is refused.
 */

type PayOrderLookup = (ref: PaymentRef) => Promise<Result<PayOrder, WalletFailure>>;

const rejected = (message: string, providerCode?: string): WalletFailure => ({
  reason: 'rejected',
  retryable: false,
  message,
  ...(providerCode === undefined ? {} : { providerCode }),
});

function outcomeOf(refund: RefundOrder, refundId: string): Result<RefundOutcome, WalletFailure> {
  const status = refund.refundStatus ?? '';
  if (status === 'REFUND_FAILED' || status === 'REFUND_FAIL') {
    return err(rejected(`Bybit Pay refund ${refundId} failed (${status})`, status));
  }
  return ok({
    state: status === 'REFUND_SUCCESS' ? 'succeeded' : 'pending',
    ...(refund.refundId ? { providerRefundId: refund.refundId } : {}),
  });
}

export function createRefundFlow(rt: BybitRuntime, payOrder: PayOrderLookup): (request: RefundRequest) => Promise<Result<RefundOutcome, WalletFailure>> {
  const { ctx, client, store } = rt;
  const { logger, settings } = ctx;

  const alreadyRefunded = async (request: RefundRequest, failure: WalletFailure): Promise<Result<RefundOutcome, WalletFailure>> => {
    const order = await payOrder(request.payment);
    if (!order.ok) return order;
    const ours = (order.value.refundOrders ?? []).find((r) => r.merchantRefundNo === request.refundId);
    if (!ours) {
      return err(rejected(`Bybit Pay payment ${order.value.payId} is already refunded, not by refund ${request.refundId}`, failure.providerCode));
    }
    logger.info({ refundId: request.refundId, payId: order.value.payId, status: ours.refundStatus }, 'Bybit Pay refund was already made: answering it');
    return outcomeOf(ours, request.refundId);
  };

  return async (request) => {
    const { refundId, payment } = request;
    let amount: Amount;
    try {
      amount = Amount.parse(request.amount);
    } catch {
      return err(rejected(`refund amount "${request.amount}" is not a valid amount`));
    }
    if (amount.isZero()) return err(rejected('refund amount must be more than zero'));
    const stored = await store.paymentFor(payment);
    if (stored && stored.currency !== request.currency) {
      return err(rejected(`refund currency ${request.currency} differs from the payment's ${stored.currency}`));
    }
    const payId = payment.paymentId ?? stored?.payId ?? null;
    const item = {
      refundType: REFUND_TYPE,
      ...(payId !== null ? { payId } : { merchantTradeNo: payment.merchantTradeNo }),
      merchantRefundNo: refundId,
      refundAmount: request.amount,
    };
    // Safe to repeat: merchantRefundNo is Bybit's idempotency key.
    const answer = await client.post('refund', REFUND_PATH, { merchantId: settings.merchantId, list: [item] }, { retry: true });
    if (!answer.ok) {
      return answer.error.providerCode === RET_CODE.alreadyRefunded ? alreadyRefunded(request, answer.error) : answer;
    }
    const refunds = parseRefundResult(answer.value);
    const ours = refunds.ok ? refunds.value.find((r) => r.merchantRefundNo === refundId) : undefined;
    if (!ours) {
      const problem = refunds.ok ? `no refund ${refundId} in the answer` : refunds.error;
      logger.error({ refundId, payId, problem }, 'refund answer not understood');
      return err({ reason: 'invalid_response', retryable: true, message: `Bybit Pay answer not understood: ${problem}` });
    }
    const outcome = outcomeOf(ours, refundId);
    logger.info(
      { refundId, payId, amount: request.amount, currency: request.currency, status: ours.refundStatus, providerRefundId: ours.refundId },
      'Bybit Pay refund requested',
    );
    return outcome;
  };
}
