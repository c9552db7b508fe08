import {
  err,
  ok,
  type CheckoutCreated,
  type CheckoutRequest,
  type PaymentRef,
  type PaymentStatus,
  type PluginContext,
  type RefundOutcome,
  type RefundRequest,
  type Result,
  type WalletFailure,
  type WalletProvider,
} from '@mixpay-broker/plugin-api';
import { createBinanceApi, PATH, readData } from './api.js';
import { isPositiveAmount } from './amounts.js';
import { createCertificateCache } from './certificates.js';
import { CODE, rejected } from './errors.js';
import type { BinanceSettings } from './settings.js';
import { rememberCheckout, recoverCheckout } from './recovery.js';
import {
  createdSchema,
  createOrderBody,
  orderReference,
  prepayIdOf,
  queriedSchema,
  refundBody,
  refundedSchema,
  toCheckoutCreated,
  toPaymentStatus,
  toRefundOutcome,
} from './transformers.js';
import { createWebhookVerifier } from './webhook.js';

/*
 * Binance Pay as a WalletProvider, one per wallet identifier (webhook verification lives in
 * webhook.ts, the wire format in transformers.ts). Every call goes through the signed API client;
 * every failure comes back as a WalletFailure value.
 */

export function createProvider(ctx: PluginContext<BinanceSettings>): WalletProvider {
  const { logger, settings, clock } = ctx;
  const api = createBinanceApi(settings, logger, clock);
  const certificates = createCertificateCache(api, logger, clock);

  const createCheckout = async (request: CheckoutRequest): Promise<Result<CheckoutCreated, WalletFailure>> => {
    const { merchantTradeNo } = request;
    if (!isPositiveAmount(request.payAmount)) {
      return err(rejected(`payAmount "${request.payAmount}" is not a positive amount with at most 8 decimals`));
    }
    const now = clock.now();
    if (request.expiresAt.getTime() <= now.getTime()) return err(rejected(`order ${merchantTradeNo} has already expired`));

    // Safe to repeat: Binance creates one order per merchantTradeNo; a repeat after a lost answer meets
    // 400201, answered from the kept answer where there is one (see recovery.ts).
    const called = await api.call(PATH.createOrder, createOrderBody(settings, request, now), { retry: true });
    if (!called.ok) {
      if (called.error.providerCode === CODE.duplicateTradeNo) return recoverCheckout(ctx, api, request, called.error);
      return called;
    }
    const data = readData(PATH.createOrder, createdSchema, called.value);
    if (!data.ok) return data;
    const created = toCheckoutCreated(data.value);
    await rememberCheckout(ctx, merchantTradeNo, created);
    const fields = { merchantTradeNo, prepayId: created.paymentId, amount: request.payAmount, currency: request.currency };
    logger.info(fields, 'Binance Pay order created');
    return ok(created);
  };

  const queryPayment = async (ref: PaymentRef): Promise<Result<PaymentStatus, WalletFailure>> => {
    const called = await api.call(PATH.queryOrder, orderReference(ref), { retry: true });
    if (!called.ok) return called;
    const order = readData(PATH.queryOrder, queriedSchema, called.value);
    if (!order.ok) return order;
    const status = toPaymentStatus(order.value);
    if (!status.ok) {
      logger.warn({ merchantTradeNo: ref.merchantTradeNo, status: order.value.status }, 'Binance Pay answered an unknown order status');
      return err({ reason: 'invalid_response', message: status.error, retryable: false });
    }
    return status;
  };

  const closePayment = async (ref: PaymentRef): Promise<Result<void, WalletFailure>> => {
    const called = await api.call(PATH.closeOrder, orderReference(ref), { retry: true });
    if (!called.ok) return called;
    // `true` means accepted; the result arrives later as a PAY_CLOSED webhook.
    if (called.value !== true) return err(rejected(`Binance Pay did not accept closing order ${ref.merchantTradeNo}`));
    logger.info({ merchantTradeNo: ref.merchantTradeNo }, 'Binance Pay order close accepted');
    return ok(undefined);
  };

  const refund = async (request: RefundRequest): Promise<Result<RefundOutcome, WalletFailure>> => {
    const prepayId = prepayIdOf(request.payment);
    if (!prepayId) {
      return err(rejected(`order ${request.payment.merchantTradeNo} has no Binance prepayId; it cannot be refunded through the API`));
    }
    if (!isPositiveAmount(request.amount)) {
      return err(rejected(`refund amount "${request.amount}" is not a positive amount with at most 8 decimals`));
    }

    // Safe to repeat: Binance keys refunds by refundRequestId and answers a repeat with duplicateRequest "Y".
    const called = await api.call(PATH.refund, refundBody(request, prepayId, ctx.links.webhookUrl), { retry: true });
    if (!called.ok) return called;
    const data = readData(PATH.refund, refundedSchema, called.value);
    if (!data.ok) return data;
    if (data.value.refundRequestId !== request.refundId) {
      const message = `Binance Pay answered refund ${data.value.refundRequestId} for ${request.refundId}`;
      return err({ reason: 'invalid_response', message, retryable: false });
    }
    const outcome = toRefundOutcome(data.value);
    logger.info(
      {
        refundId: request.refundId,
        prepayId,
        amount: request.amount,
        duplicate: data.value.duplicateRequest === 'Y',
        state: outcome.state,
      },
      data.value.duplicateRequest === 'Y' ? 'Binance Pay refund already requested; same refund answered' : 'Binance Pay refund requested',
    );
    return ok(outcome);
  };

  return { createCheckout, verifyWebhook: createWebhookVerifier(ctx, certificates), queryPayment, closePayment, refund };
}
