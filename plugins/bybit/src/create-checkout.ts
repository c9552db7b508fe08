import { err, ok, type CheckoutCreated, type CheckoutRequest, type Result, type WalletFailure } from '@mixpay-broker/plugin-api';
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
} from './transformers.js';

/*
 * create_pay, idempotent on merchantTradeNo. Bybit has no browser checkout page and gives its QR image
 * only in this answer, so the answer is stored and the payer is sent to this plugin's own page
 * (`/checkout/<payId>`); the app link becomes the deep link. A retry is answered from the store; a
 * 400620 (duplicate merchantTradeNo) is recovered from the store, and when the store has nothing the
 * order is queried only to name the payment in the failure: without the QR there is nothing to show.
 */

export function createCheckoutFlow(rt: BybitRuntime): (request: CheckoutRequest) => Promise<Result<CheckoutCreated, WalletFailure>> {
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
    const params = [['merchantId', settings.merchantId], ['paymentType', PAYMENT_TYPE], ['merchantTradeNo', merchantTradeNo]] as const;
    const found = await client.get('pay_result', PAY_RESULT_PATH, params, { retry: true });
    const order = found.ok ? parsePayResult(found.value) : null;
    const known = order?.ok ? `Bybit already has payment ${order.value.payId} (${order.value.status})` : 'Bybit already has an order';
    logger.error(
      { merchantTradeNo, provider_code: duplicate.providerCode, ...(order?.ok ? { payId: order.value.payId, status: order.value.status } : {}) },
      'duplicate merchantTradeNo with no stored payment: its QR code is lost',
    );
    return err({
      ...duplicate,
      retryable: false,
      message: `${known} for merchantTradeNo ${merchantTradeNo}, but its QR code comes only with the create_pay answer, which was not stored; the order cannot be shown again`,
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
      { merchantTradeNo: payment.merchantTradeNo, payId: payment.payId, amount: payment.amount, currency: payment.currency, expiresAt: payment.expiresAt },
      'Bybit Pay checkout created',
    );
    return ok(created(payment));
  };

  return (request) => locks.run(`trade:${request.merchantTradeNo}`, () => create(request));
}
