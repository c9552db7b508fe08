import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
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
import { selectFault, selectWebhookFault } from './faults.js';
import type { MockRuntime } from './runtime.js';
import { effectiveState, type StoredPayment } from './store.js';
import { createWebhookVerifier } from './webhook.js';

/*
 * The mock wallet as a WalletProvider (webhook verification lives in webhook.ts, the wire format in
 * transformers.ts). Every method answers a Result: the store failing is the only unexpected thing
 * here, and it comes back as `unavailable` rather than as an exception.
 */

export const newId = (prefix = ''): string => prefix + randomUUID().replaceAll('-', '');

const notFound = (what: string): WalletFailure => ({
  reason: 'not_found',
  message: `${what} is unknown to the mock wallet`,
  retryable: false,
});
const rejected = (message: string): WalletFailure => ({ reason: 'rejected', message, retryable: false });

export function createProvider(rt: MockRuntime): WalletProvider {
  const { ctx, store, locks } = rt;
  const { logger } = ctx;

  /** Turns a throw from the store into a retryable failure, so no exception crosses the boundary. */
  const guarded = async <T>(operation: string, work: () => Promise<Result<T, WalletFailure>>): Promise<Result<T, WalletFailure>> => {
    try {
      return await work();
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      logger.error({ operation, error: message }, 'mock wallet store failed');
      return err({ reason: 'unavailable', message: `mock wallet ${operation} failed: ${message}`, retryable: true });
    }
  };

  const created = (payment: StoredPayment): CheckoutCreated => ({
    paymentId: payment.paymentId,
    checkoutUrl: ctx.links.route(`/checkout/${encodeURIComponent(payment.paymentId)}`),
    deepLink: '',
    universalUrl: '',
    providerData: {},
  });

  const createCheckout = async (request: CheckoutRequest): Promise<Result<CheckoutCreated, WalletFailure>> => {
    const { merchantTradeNo } = request;
    const choice = selectFault(ctx.settings.faults, request.memo);
    if (choice)
      logger.warn({ fault: choice.fault, source: choice.source, merchantTradeNo }, `mock fault injected on create: ${choice.fault}`);
    // error and slow model the provider's API itself, so they hit retries of an existing order too.
    if (choice?.fault === 'error') {
      return err({ reason: 'unavailable', message: 'mock fault: create error', retryable: true });
    }
    if (choice?.fault === 'slow') await sleep(ctx.settings.faults.slowMs);
    const lostWebhook = selectWebhookFault(ctx.settings.faults, request.memo);

    return guarded('createCheckout', () =>
      locks.run(`trade:${merchantTradeNo}`, async () => {
        const fresh = (paymentId: string): StoredPayment => ({
          paymentId,
          merchantTradeNo,
          traceId: request.traceId,
          amount: request.payAmount,
          currency: request.currency,
          returnUrl: request.returnUrl,
          webhookUrl: request.webhookUrl,
          expiresAt: request.expiresAt.toISOString(),
          createdAt: ctx.clock.now().toISOString(),
          state: 'pending',
          declines: choice?.fault === 'decline',
          ...(lostWebhook ? { lostWebhook: lostWebhook.source } : {}),
          refunded: '0',
        });
        // One statement for a new checkout; a retry finds the payment already at the trade's id.
        const payment = fresh(store.paymentIdOf(merchantTradeNo));
        if (!(await store.addPayment(payment))) {
          const existing = await store.paymentForTrade(merchantTradeNo);
          if (!existing) return err({ reason: 'unavailable', message: 'mock payment vanished while being read', retryable: true });
          if (existing.amount !== request.payAmount || existing.currency !== request.currency) {
            logger.warn(
              {
                merchantTradeNo,
                paymentId: existing.paymentId,
                stored: `${existing.amount} ${existing.currency}`,
                requested: `${request.payAmount} ${request.currency}`,
              },
              'checkout retried with different terms; answering the original payment',
            );
          }
          return ok(created(existing));
        }
        logger.info(
          { merchantTradeNo, paymentId: payment.paymentId, amount: payment.amount, currency: payment.currency },
          'mock checkout created',
        );
        return ok(created(payment));
      }),
    );
  };

  const queryPayment = (ref: PaymentRef): Promise<Result<PaymentStatus, WalletFailure>> =>
    guarded('queryPayment', async () => {
      const payment = await store.paymentFor(ref);
      if (!payment) return err(notFound(`payment ${ref.paymentId ?? ref.merchantTradeNo}`));
      return ok({ state: effectiveState(payment, ctx.clock.now()), amount: payment.amount, currency: payment.currency });
    });

  const closePayment = (ref: PaymentRef): Promise<Result<void, WalletFailure>> =>
    guarded('closePayment', async () => {
      const found = await store.paymentFor(ref);
      if (!found) return err(notFound(`payment ${ref.paymentId ?? ref.merchantTradeNo}`));
      return locks.run(`payment:${found.paymentId}`, async (): Promise<Result<void, WalletFailure>> => {
        const payment = (await store.payment(found.paymentId)) ?? found;
        if (payment.state === 'paid') return err(rejected(`payment ${payment.paymentId} is paid and cannot be closed`));
        if (payment.state === 'pending') {
          await store.putPayment({ ...payment, state: 'expired' });
          logger.info({ paymentId: payment.paymentId, merchantTradeNo: payment.merchantTradeNo }, 'mock payment closed');
        }
        return ok(undefined);
      });
    });

  const refund = (request: RefundRequest): Promise<Result<RefundOutcome, WalletFailure>> =>
    guarded('refund', async () => {
      const found = await store.paymentFor(request.payment);
      if (!found) return err(notFound(`payment ${request.payment.paymentId ?? request.payment.merchantTradeNo}`));
      // Under the payment's lock: two refunds of one payment must not both see the same refunded total.
      return locks.run(`payment:${found.paymentId}`, async (): Promise<Result<RefundOutcome, WalletFailure>> => {
        let amount: Amount;
        try {
          amount = Amount.parse(request.amount);
        } catch {
          return err(rejected(`refund amount "${request.amount}" is not a valid amount`));
        }
        const previous = await store.refund(request.refundId);
        if (previous) {
          if (previous.paymentId !== found.paymentId || !Amount.parse(previous.amount).eq(amount)) {
            return err(rejected(`refund ${request.refundId} was already used for ${previous.amount} on payment ${previous.paymentId}`));
          }
          return ok({ state: 'succeeded', providerRefundId: previous.providerRefundId });
        }
        const payment = (await store.payment(found.paymentId)) ?? found;
        const state = effectiveState(payment, ctx.clock.now());
        if (state !== 'paid') return err(rejected(`payment ${payment.paymentId} is ${state}; only a paid payment can be refunded`));
        if (request.currency !== payment.currency) {
          return err(rejected(`refund currency ${request.currency} differs from the payment's ${payment.currency}`));
        }
        if (amount.isZero()) return err(rejected('refund amount must be more than zero'));
        const refunded = Amount.parse(payment.refunded).plus(amount);
        if (refunded.gt(Amount.parse(payment.amount))) {
          return err(rejected(`refunds would total ${refunded.toPlainString()}, more than the ${payment.amount} paid`));
        }
        const providerRefundId = newId('rfd_');
        // The refund record first: a retry after a crash between the writes finds it and does not count twice.
        await store.putRefund({
          refundId: request.refundId,
          providerRefundId,
          paymentId: payment.paymentId,
          amount: request.amount,
          currency: request.currency,
        });
        await store.putPayment({ ...payment, refunded: refunded.toPlainString() });
        logger.info(
          { refundId: request.refundId, providerRefundId, paymentId: payment.paymentId, amount: request.amount },
          'mock refund succeeded',
        );
        return ok({ state: 'succeeded', providerRefundId });
      });
    });

  return { createCheckout, verifyWebhook: createWebhookVerifier(rt), queryPayment, closePayment, refund };
}
