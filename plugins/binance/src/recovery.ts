import {
  err,
  ok,
  type CheckoutCreated,
  type CheckoutRequest,
  type PluginContext,
  type Result,
  type WalletFailure,
} from '@mixpay-broker/plugin-api';
import { PATH, readData, type BinanceApi } from './api.js';
import { sameAmount } from './amounts.js';
import { rejected } from './errors.js';
import type { BinanceSettings } from './settings.js';
import { queriedSchema, toPaymentStatus } from './transformers.js';

/*
 * Idempotent create. Binance answers 400201 when a merchantTradeNo is used twice (a retry after a
 * lost answer, a crash, a parallel request). The order query confirms the order and its prepayId
 * but carries no checkout links, so the create answer is kept in the plugin store
 * (`checkout:<merchantTradeNo>`) when it first arrives, and a retry is answered from there.
 */

const keyOf = (merchantTradeNo: string) => `checkout:${merchantTradeNo}`;

/** Keeps a create answer; a store failure is logged, not fatal: the host keeps the links with the order too. */
export async function rememberCheckout(
  ctx: PluginContext<BinanceSettings>,
  merchantTradeNo: string,
  created: CheckoutCreated,
): Promise<void> {
  try {
    await ctx.store.put(keyOf(merchantTradeNo), created);
  } catch (cause) {
    ctx.logger.warn(
      { merchantTradeNo, error: cause instanceof Error ? cause.message : String(cause) },
      'could not keep the Binance Pay create answer; a retry of this order could not be recovered',
    );
  }
}

export async function recoverCheckout(
  ctx: PluginContext<BinanceSettings>,
  api: BinanceApi,
  request: CheckoutRequest,
  duplicate: WalletFailure,
): Promise<Result<CheckoutCreated, WalletFailure>> {
  const { merchantTradeNo } = request;
  const called = await api.call(PATH.queryOrder, { merchantTradeNo }, { retry: true });
  if (!called.ok) {
    // Not found: 400201 meant an invalid merchantTradeNo, not a duplicate.
    return called.error.reason === 'not_found' ? err(duplicate) : called;
  }
  const order = readData(PATH.queryOrder, queriedSchema, called.value);
  if (!order.ok) return order;

  let kept: CheckoutCreated | null;
  try {
    kept = await ctx.store.get<CheckoutCreated>(keyOf(merchantTradeNo));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return err({
      reason: 'unavailable',
      message: `plugin store unreadable while recovering ${merchantTradeNo}: ${message}`,
      retryable: true,
    });
  }
  const prepayId = order.value.prepayId;
  if (!kept) {
    return err(
      rejected(
        `Binance Pay already has order ${merchantTradeNo} (prepayId ${prepayId ?? 'unknown'}) ` +
          'but its checkout links were not kept, so it cannot be answered again',
        duplicate.providerCode,
      ),
    );
  }
  if (prepayId !== undefined && prepayId !== kept.paymentId) {
    return err(
      rejected(`Binance Pay order ${merchantTradeNo} is prepayId ${prepayId}, not the kept ${kept.paymentId}`, duplicate.providerCode),
    );
  }
  const status = toPaymentStatus(order.value);
  if (status.ok && (status.value.state === 'expired' || status.value.state === 'failed')) {
    return err(rejected(`Binance Pay order ${merchantTradeNo} already exists and is ${order.value.status}`, duplicate.providerCode));
  }
  if (!sameAmount(order.value.orderAmount, request.payAmount) || order.value.currency !== request.currency) {
    ctx.logger.warn(
      {
        merchantTradeNo,
        prepayId: kept.paymentId,
        existing: `${order.value.orderAmount} ${order.value.currency}`,
        requested: `${request.payAmount} ${request.currency}`,
      },
      'checkout retried with different terms; answering the existing Binance Pay order',
    );
  }
  ctx.logger.info({ merchantTradeNo, prepayId: kept.paymentId }, 'duplicate merchantTradeNo: answered the existing Binance Pay order');
  return ok(kept);
}
