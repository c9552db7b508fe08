import { Amount } from '../../domain/money/amount.js';
import { Order } from '../../domain/order/order.js';
import type { OrderStatus } from '../../domain/order/order-status.js';
import type { OrderRecord } from './entities/order.entity.js';

export function toRecord(order: Order): OrderRecord {
  const s = order.snapshot();
  const t = s.terms;
  return {
    traceId: t.traceId,
    payeeId: t.payeeId,
    wallet: t.wallet,
    assetId: t.assetId,
    amount: t.amount.toString(),
    fee: s.fee.toString(),
    currency: s.currency,
    memo: t.memo,
    expiredAt: t.expiredAt,
    returnUrl: t.returnUrl,
    opponentId: t.opponentId,
    status: s.status,
    paymentId: s.paymentId,
    checkoutUrl: s.links?.checkoutUrl ?? null,
    deepLink: s.links?.deepLink ?? null,
    universalUrl: s.links?.universalUrl ?? null,
    providerData: s.providerData,
    failureReason: s.failureReason,
    nextCheckAt: s.nextCheckAt,
    checks: s.checks,
    mixpayRefundCode: s.mixpayRefundCode,
    reportedAmount: s.reportedPayment?.amount ?? null,
    reportedCurrency: s.reportedPayment?.currency ?? null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    version: s.version,
  };
}

export function toDomain(r: OrderRecord): Order {
  return Order.restore({
    terms: {
      traceId: r.traceId,
      payeeId: r.payeeId,
      wallet: r.wallet,
      assetId: r.assetId,
      amount: Amount.of(r.amount),
      memo: r.memo,
      expiredAt: new Date(r.expiredAt),
      returnUrl: r.returnUrl,
      opponentId: r.opponentId,
    },
    fee: Amount.of(r.fee),
    currency: r.currency,
    status: r.status as OrderStatus,
    links: r.checkoutUrl === null ? null : { checkoutUrl: r.checkoutUrl, deepLink: r.deepLink ?? '', universalUrl: r.universalUrl ?? '' },
    paymentId: r.paymentId,
    providerData: r.providerData ?? {},
    failureReason: r.failureReason,
    nextCheckAt: r.nextCheckAt === null ? null : new Date(r.nextCheckAt),
    checks: r.checks,
    mixpayRefundCode: r.mixpayRefundCode,
    reportedPayment:
      r.reportedAmount === null && r.reportedCurrency === null ? null : { amount: r.reportedAmount, currency: r.reportedCurrency },
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
    version: r.version,
  });
}
