import {
  err,
  ok,
  z,
  type CheckoutCreated,
  type CheckoutRequest,
  type PaymentRef,
  type PaymentStatus,
  type RefundOutcome,
  type RefundRequest,
  type Result,
} from '@mixpay-broker/plugin-api';
import type { BinanceSettings } from './settings.js';

/*
 * The broker's requests as Binance Pay bodies, and Binance's answers as the broker's types.
 * Amounts stay decimal strings end to end: they are never turned into numbers.
 */

/** `POST /binancepay/openapi/v3/order` body. */
export function createOrderBody(settings: BinanceSettings, request: CheckoutRequest, now: Date): Record<string, unknown> {
  const { goods } = settings;
  return {
    env: { terminalType: settings.terminalType },
    merchantTradeNo: request.merchantTradeNo,
    orderAmount: request.payAmount,
    currency: request.currency,
    description: goods.description,
    goodsDetails: [
      {
        goodsType: goods.goodsType,
        goodsCategory: goods.goodsCategory,
        referenceGoodsId: goods.referenceGoodsId,
        goodsName: goods.goodsName,
      },
    ],
    returnUrl: request.returnUrl,
    cancelUrl: request.returnUrl,
    webhookUrl: request.webhookUrl,
    orderExpireTime: orderExpireTime(request.expiresAt, now, settings.maxOrderLifetimeSeconds),
  };
}

/** Epoch ms: MixPay's deadline, capped at Binance's maximum order lifetime. */
export function orderExpireTime(expiresAt: Date, now: Date, maxLifetimeSeconds: number): number {
  return Math.min(expiresAt.getTime(), now.getTime() + maxLifetimeSeconds * 1000);
}

const id = z.string().regex(/^\d{1,20}$/, { error: 'must be a decimal id' });

export const createdSchema = z.object({
  prepayId: id,
  checkoutUrl: z.string().min(1),
  deeplink: z.string().optional(),
  universalUrl: z.string().optional(),
});

export function toCheckoutCreated(data: z.output<typeof createdSchema>): CheckoutCreated {
  return {
    paymentId: data.prepayId,
    checkoutUrl: data.checkoutUrl,
    deepLink: data.deeplink ?? '',
    universalUrl: data.universalUrl ?? '',
    providerData: { prepayId: data.prepayId },
  };
}

/** Binance's order id for a payment: the kept prepayId, else the payment id (which is the prepayId). */
export function prepayIdOf(ref: PaymentRef): string | null {
  return ref.providerData['prepayId'] ?? ref.paymentId ?? null;
}

/** Query and close take either id; `prepayId` wins at Binance when both are sent, so send one. */
export function orderReference(ref: PaymentRef): { prepayId: string } | { merchantTradeNo: string } {
  const prepayId = prepayIdOf(ref);
  return prepayId ? { prepayId } : { merchantTradeNo: ref.merchantTradeNo };
}

const STATE_OF: Readonly<Record<string, PaymentStatus['state']>> = {
  INITIAL: 'pending',
  PENDING: 'pending',
  PAID: 'paid',
  REFUNDING: 'paid',
  REFUNDED: 'paid',
  FULL_REFUNDED: 'paid',
  EXPIRED: 'expired',
  CANCELED: 'expired',
  ERROR: 'failed',
};

export const queriedSchema = z.object({
  status: z.string(),
  prepayId: id.optional(),
  merchantTradeNo: z.string().optional(),
  orderAmount: z.string().optional(),
  currency: z.string().optional(),
});

export type QueriedOrder = z.output<typeof queriedSchema>;

/** An unknown status is an error message: guessing a state could settle or expire an order wrongly. */
export function toPaymentStatus(order: QueriedOrder): Result<PaymentStatus, string> {
  const state = STATE_OF[order.status];
  if (!state) return err(`unknown Binance Pay order status "${order.status}"`);
  return ok({
    state,
    ...(order.orderAmount !== undefined ? { amount: order.orderAmount } : {}),
    ...(order.currency !== undefined ? { currency: order.currency } : {}),
  });
}

/**
 * `POST /binancepay/openapi/order/refund` body; refundRequestId is our refund id, the same on every
 * retry. `webhookUrl` sends the PAY_REFUND notice to this wallet identifier's route, not the portal's.
 */
export function refundBody(request: RefundRequest, prepayId: string, webhookUrl: string): Record<string, unknown> {
  return {
    refundRequestId: request.refundId,
    prepayId,
    refundAmount: request.amount,
    ...(request.reason ? { refundReason: request.reason.slice(0, 256) } : {}),
    webhookUrl,
  };
}

export const refundedSchema = z.object({
  refundRequestId: z.string(),
  refundId: z.string().optional(),
  refundStatus: z.string().optional(),
  duplicateRequest: z.enum(['Y', 'N']).optional(),
});

/** The final result comes by webhook (PAY_REFUND); only an explicit REFUND_SUCCESS is final now. */
export function toRefundOutcome(data: z.output<typeof refundedSchema>): RefundOutcome {
  return {
    state: data.refundStatus === 'REFUND_SUCCESS' ? 'succeeded' : 'pending',
    providerRefundId: data.refundId ?? data.refundRequestId,
  };
}
