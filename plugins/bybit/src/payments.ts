import { err, ok, type PaymentRef, type PaymentStatus, type Result, type WalletFailure } from '@mixpay-broker/plugin-api';
import type { BybitRuntime } from './runtime.js';
import { PAY_RESULT_PATH, PAYMENT_TYPE, parsePayResult, stateOf, type PayOrder } from './transformers.js';

/*
 * pay_result for reconciliation, and closePayment, for which Bybit documents no endpoint.
 *
 * Closing: a Bybit order lapses by itself at its orderExpireTime, which createCheckout set to MixPay's
 * deadline (or Bybit's 1-hour maximum, if sooner). So there is never anything to cancel: a payment
 * past its expiry, still INIT, failed or timed out answers ok (and the decision is logged); only a paid
 * one is refused, as it cannot be closed. A payment that does get paid after the broker gave up
 * arrives as payment.succeeded and is the broker's late-payment case (refund).
 */

export interface PaymentFlows {
  queryPayment(ref: PaymentRef): Promise<Result<PaymentStatus, WalletFailure>>;
  closePayment(ref: PaymentRef): Promise<Result<void, WalletFailure>>;
}

export function createPaymentFlows(rt: BybitRuntime): PaymentFlows & { payOrder(ref: PaymentRef): Promise<Result<PayOrder, WalletFailure>> } {
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
      return err({ reason: 'invalid_response', retryable: false, providerCode: status, message: `Bybit Pay reported the undocumented status ${status}` });
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
      return err({ reason: 'rejected', retryable: false, message: `Bybit Pay payment ${ref.paymentId ?? ref.merchantTradeNo} is paid and cannot be closed` });
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
