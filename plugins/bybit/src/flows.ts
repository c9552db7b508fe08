import {
  Amount,
  err,
  ok,
  type CheckoutCreated,
  type CheckoutRequest,
  type PaymentRef,
  type PaymentStatus,
  type RefundOutcome,
  type RefundRequest,
  type Result,
  type WalletFailure,
  type WalletProvider,
} from '@mixpay-broker/plugin-api';
import { RET_CODE } from './errors.js';
import type { BybitRuntime } from './runtime.js';
import type { StoredPayment } from './store.js';
import {
  checkoutProblem,
  CREATE_PAY_PATH,
  createPayBody,
  orderExpireTime,
  PAY_RESULT_PATH,
  PAYMENT_TYPE,
  parseCreateResult,
  parsePayResult,
  parseRefundResult,
  REFUND_PATH,
  REFUND_TYPE,
  stateOf,
  type PayOrder,
  type RefundOrder,
} from './transformers.js';
import { createWebhookVerifier } from './webhook.js';

/*
 * Bybit Pay as a WalletProvider, one per wallet identifier: the flows are below, webhook verification
 * is in webhook.ts, the wire format in transformers.ts. A throw from the plugin store becomes a
 * retryable failure instead of crossing the boundary.
 */

export function createProvider(rt: BybitRuntime): WalletProvider {
  const { logger } = rt.ctx;

  const guarded =
    <A, T>(operation: string, work: (arg: A) => Promise<Result<T, WalletFailure>>) =>
    async (arg: A): Promise<Result<T, WalletFailure>> => {
      try {
        return await work(arg);
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        logger.error({ operation, error: message }, 'Bybit Pay plugin failed');
        return err({ reason: 'unavailable', retryable: true, message: `Bybit Pay ${operation} failed: ${message}` });
      }
    };

  const payments = createPaymentFlows(rt);
  return {
    createCheckout: guarded('createCheckout', createCheckoutFlow(rt)),
    queryPayment: guarded('queryPayment', payments.queryPayment),
    closePayment: guarded('closePayment', payments.closePayment),
    refund: guarded('refund', createRefundFlow(rt, payments.payOrder)),
    // A store failure here throws: the host answers 500 and Bybit delivers again.
    verifyWebhook: createWebhookVerifier(rt),
  };
}

/*
 * create_pay, idempotent on merchantTradeNo. Bybit has no browser checkout page and gives its QR image
 * only in this answer, so the answer is stored and the payer is sent to this plugin's own page
 * (`/checkout/<payId>`); the app link becomes the deep link. A retry is answered from the store; a
 * 400620 (duplicate merchantTradeNo) is recovered from the store, and when the store has nothing the
 * order is queried only to name the payment in the failure: without the QR there is nothing to show.
 */

function createCheckoutFlow(rt: BybitRuntime): (request: CheckoutRequest) => Promise<Result<CheckoutCreated, WalletFailure>> {
  const { ctx, client, store, locks } = rt;
  const { logger, settings } = ctx;

  const created = (payment: StoredPayment): CheckoutCreated => ({
    paymentId: payment.payId,
    checkoutUrl: ctx.links.route(`/checkout/${encodeURIComponent(payment.payId)}`),
    deepLink: payment.checkoutLink,
    universalUrl: '',
    providerData: {},
  });

  const fromStore = async (request: CheckoutRequest, why: string): Promise<StoredPayment | null> => {
    const stored = await store.paymentForTrade(request.merchantTradeNo);
    if (!stored) return null;
    const fields = { merchantTradeNo: request.merchantTradeNo, payId: stored.payId };
    if (stored.amount !== request.payAmount || stored.currency !== request.currency) {
      logger.warn(
        { ...fields, stored: `${stored.amount} ${stored.currency}`, requested: `${request.payAmount} ${request.currency}` },
        'checkout retried with different terms; answering the original payment',
      );
    } else logger.info(fields, why);
    return stored;
  };

  /** 400620: the order exists at Bybit. Only the store has its QR. */
  const recoverDuplicate = async (request: CheckoutRequest, duplicate: WalletFailure): Promise<Result<CheckoutCreated, WalletFailure>> => {
    const stored = await fromStore(request, 'duplicate merchantTradeNo answered from the stored payment');
    if (stored) return ok(created(stored));
    const { merchantTradeNo } = request;
    const params = [
      ['merchantId', settings.merchantId],
      ['paymentType', PAYMENT_TYPE],
      ['merchantTradeNo', merchantTradeNo],
    ] as const;
    const found = await client.get('pay_result', PAY_RESULT_PATH, params, { retry: true });
    const order = found.ok ? parsePayResult(found.value) : null;
    const known = order?.ok ? `Bybit already has payment ${order.value.payId} (${order.value.status})` : 'Bybit already has an order';
    logger.error(
      {
        merchantTradeNo,
        provider_code: duplicate.providerCode,
        ...(order?.ok ? { payId: order.value.payId, status: order.value.status } : {}),
      },
      'duplicate merchantTradeNo with no stored payment: its QR code is lost',
    );
    return err({
      ...duplicate,
      retryable: false,
      message:
        `${known} for merchantTradeNo ${merchantTradeNo}, but its QR code comes only with the create_pay answer, ` +
        'which was not stored; the order cannot be shown again',
    });
  };

  const create = async (request: CheckoutRequest): Promise<Result<CheckoutCreated, WalletFailure>> => {
    const existing = await fromStore(request, 'checkout retried; answering the stored payment');
    if (existing) return ok(created(existing));
    const now = ctx.clock.now();
    const problem = checkoutProblem(request, now);
    if (problem) return err({ reason: 'rejected', retryable: false, message: `not sent to Bybit Pay: ${problem}` });

    const body = createPayBody(request, settings, now);
    // Safe to repeat: Bybit creates one order per merchantTradeNo (a repeat meets 400620, recovered above).
    const answer = await client.post('create_pay', CREATE_PAY_PATH, body, { retry: true });
    if (!answer.ok) {
      return answer.error.providerCode === RET_CODE.duplicateTradeNo ? recoverDuplicate(request, answer.error) : answer;
    }
    const pay = parseCreateResult(answer.value);
    if (!pay.ok) {
      logger.error({ merchantTradeNo: request.merchantTradeNo, problem: pay.error }, 'create_pay answer not understood');
      return err({ reason: 'invalid_response', retryable: false, message: `Bybit Pay answer not understood: ${pay.error}` });
    }
    const expireSeconds = pay.value.expireTime ?? orderExpireTime(request.expiresAt, now, settings.maxOrderLifetimeSeconds);
    const payment: StoredPayment = {
      payId: pay.value.payId,
      merchantTradeNo: request.merchantTradeNo,
      qrContent: pay.value.qrContent,
      checkoutLink: pay.value.checkoutLink,
      amount: request.payAmount,
      currency: request.currency,
      expiresAt: new Date(expireSeconds * 1000).toISOString(),
      returnUrl: request.returnUrl,
      createdAt: now.toISOString(),
    };
    await store.putPayment(payment);
    logger.info(
      {
        merchantTradeNo: payment.merchantTradeNo,
        payId: payment.payId,
        amount: payment.amount,
        currency: payment.currency,
        expiresAt: payment.expiresAt,
      },
      'Bybit Pay checkout created',
    );
    return ok(created(payment));
  };

  return (request) => locks.run(`trade:${request.merchantTradeNo}`, () => create(request));
}

/*
 * pay_result for reconciliation, and closePayment, for which Bybit documents no endpoint.
 *
 * Closing: a Bybit order lapses by itself at its orderExpireTime, which createCheckout set to MixPay's
 * deadline (or Bybit's 1-hour maximum, if sooner). So there is never anything to cancel: a payment
 * past its expiry, still INIT, failed or timed out answers ok (and the decision is logged); only a paid
 * one is refused, as it cannot be closed. A payment that does get paid after the broker gave up
 * arrives as payment.succeeded and is the broker's late-payment case (refund).
 */

interface PaymentFlows {
  queryPayment(ref: PaymentRef): Promise<Result<PaymentStatus, WalletFailure>>;
  closePayment(ref: PaymentRef): Promise<Result<void, WalletFailure>>;
}

function createPaymentFlows(rt: BybitRuntime): PaymentFlows & { payOrder(ref: PaymentRef): Promise<Result<PayOrder, WalletFailure>> } {
  const { ctx, client, store } = rt;
  const { logger, settings } = ctx;

  /** By payId when the broker has it (Bybit's recommendation), else by merchantTradeNo. */
  const payOrder = async (ref: PaymentRef): Promise<Result<PayOrder, WalletFailure>> => {
    const key: readonly [string, string] = ref.paymentId !== null ? ['payId', ref.paymentId] : ['merchantTradeNo', ref.merchantTradeNo];
    const params = [['merchantId', settings.merchantId], ['paymentType', PAYMENT_TYPE], key] as const;
    const answer = await client.get('pay_result', PAY_RESULT_PATH, params, { retry: true });
    if (!answer.ok) return answer;
    const order = parsePayResult(answer.value);
    if (!order.ok) {
      logger.error({ merchantTradeNo: ref.merchantTradeNo, problem: order.error }, 'pay_result answer not understood');
      return err({ reason: 'invalid_response', retryable: false, message: `Bybit Pay answer not understood: ${order.error}` });
    }
    return ok(order.value);
  };

  const queryPayment = async (ref: PaymentRef): Promise<Result<PaymentStatus, WalletFailure>> => {
    const order = await payOrder(ref);
    if (!order.ok) return order;
    const { status, amount, currency, payId } = order.value;
    const state = stateOf(status);
    if (state === null) {
      logger.error({ merchantTradeNo: ref.merchantTradeNo, payId, status }, 'pay_result reported an undocumented status');
      const message = `Bybit Pay reported the undocumented status ${status}`;
      return err({ reason: 'invalid_response', retryable: false, providerCode: status, message });
    }
    return ok({ state, amount, currency });
  };

  const closePayment = async (ref: PaymentRef): Promise<Result<void, WalletFailure>> => {
    const fields = { merchantTradeNo: ref.merchantTradeNo, payId: ref.paymentId };
    const stored = await store.paymentFor(ref);
    if (stored && ctx.clock.now().getTime() >= Date.parse(stored.expiresAt)) {
      logger.info({ ...fields, expiresAt: stored.expiresAt }, 'close: Bybit Pay order is past its expiry; nothing to close');
      return ok(undefined);
    }
    const status = await queryPayment(ref);
    if (!status.ok) return status;
    if (status.value.state === 'paid') {
      const message = `Bybit Pay payment ${ref.paymentId ?? ref.merchantTradeNo} is paid and cannot be closed`;
      return err({ reason: 'rejected', retryable: false, message });
    }
    logger.info(
      { ...fields, state: status.value.state, expiresAt: stored?.expiresAt },
      status.value.state === 'pending'
        ? 'close: Bybit Pay has no close endpoint; the order lapses at its expiry'
        : 'close: Bybit Pay order is already over; nothing to close',
    );
    return ok(undefined);
  };

  return { queryPayment, closePayment, payOrder };
}

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

function createRefundFlow(
  rt: BybitRuntime,
  payOrder: PayOrderLookup,
): (request: RefundRequest) => Promise<Result<RefundOutcome, WalletFailure>> {
  const { ctx, client, store } = rt;
  const { logger, settings } = ctx;

  const alreadyRefunded = async (request: RefundRequest, failure: WalletFailure): Promise<Result<RefundOutcome, WalletFailure>> => {
    const order = await payOrder(request.payment);
    if (!order.ok) return order;
    const ours = (order.value.refundOrders ?? []).find((r) => r.merchantRefundNo === request.refundId);
    if (!ours) {
      const message = `Bybit Pay payment ${order.value.payId} is already refunded, not by refund ${request.refundId}`;
      return err(rejected(message, failure.providerCode));
    }
    const fields = { refundId: request.refundId, payId: order.value.payId, status: ours.refundStatus };
    logger.info(fields, 'Bybit Pay refund was already made: answering it');
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
