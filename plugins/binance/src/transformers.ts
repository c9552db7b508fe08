import {
  err,
  ok,
  parseJsonExact,
  z,
  type CheckoutCreated,
  type CheckoutRequest,
  type PaymentRef,
  type PaymentStatus,
  type RefundOutcome,
  type RefundRequest,
  type Result,
  type WalletEvent,
  type WalletEventKind,
  type WebhookAck,
} from '@mixpay-broker/plugin-api';
import { isPlainAmount } from './amounts.js';
import type { BinanceSettings } from './settings.js';

/*
 * Binance Pay's wire format and the broker's types, both ways: the broker's requests as Binance
 * bodies, Binance's answers and notifications as the broker's types. Pure functions, no I/O.
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

/*
 * A verified Binance Pay notification as the broker's event.
 *   envelope {bizType, bizId, bizIdStr, bizStatus, data: "<JSON string>"}
 * `bizId` is a JSON number beyond 2^53, so it is never read: `bizIdStr` carries the same id as text.
 * `data` is parsed a second time, again with parseJsonExact, so `totalFee` (a JSON number such as
 * 0.88000000) keeps its exact digits.
 */

export const WEBHOOK_ACK: WebhookAck = {
  status: 200,
  contentType: 'application/json',
  body: '{"returnCode":"SUCCESS","returnMessage":null}',
};

const KINDS: Readonly<Record<string, Readonly<Record<string, WalletEventKind>>>> = {
  PAY: { PAY_SUCCESS: 'payment.succeeded', PAY_CLOSED: 'payment.expired', PAY_FAIL: 'payment.failed' },
  PAY_REFUND: { REFUND_SUCCESS: 'refund.succeeded', REFUND_REJECTED: 'refund.failed' },
};

const amount = z.string().refine(isPlainAmount, { error: 'must be a plain decimal with at most 8 decimals' });

const envelopeSchema = z.object({
  bizType: z.string().min(1),
  bizIdStr: z.string().regex(/^\d{1,20}$/, { error: 'bizIdStr must be the decimal id' }),
  bizStatus: z.string().min(1),
  data: z.string({ error: 'data must be a JSON string' }),
});

const refundInfoSchema = z.object({
  refundRequestId: z.string().min(1),
  refundAmount: amount.optional(),
});

const dataSchema = z.object({
  merchantTradeNo: z.string().min(1),
  totalFee: amount.optional(),
  currency: z.string().min(1).optional(),
  transactTime: z
    .string()
    .regex(/^\d{1,16}$/)
    .optional(),
  // Documented as a string; accepted as a JSON string or an object.
  refundInfo: z.preprocess((v) => (typeof v === 'string' ? parseJsonExact(v) : v), refundInfoSchema).optional(),
});

const problem = (where: string, error: z.ZodError): string => `${where} does not fit the notification format: ${z.prettifyError(error)}`;

/**
 * Reads a verified body. A notification the broker has no use for (another bizType or status) is
 * `null`, to be acknowledged and ignored; anything that does not fit the format is an error message.
 */
export function parseNotification(rawBody: string, signedAt: Date): Result<WalletEvent | null, string> {
  const json = parseJsonExact(rawBody);
  if (json === undefined) return err('body is not JSON');
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return err(problem('body', envelope.error));
  const { bizType, bizIdStr, bizStatus } = envelope.data;

  const kind = KINDS[bizType]?.[bizStatus];
  if (!kind) return ok(null);

  const dataJson = parseJsonExact(envelope.data.data);
  if (dataJson === undefined) return err('data is not a JSON string');
  const parsed = dataSchema.safeParse(dataJson);
  if (!parsed.success) return err(problem('data', parsed.error));
  const data = parsed.data;
  if (kind === 'payment.succeeded' && (data.totalFee === undefined || data.currency === undefined)) {
    return err('PAY_SUCCESS data must carry totalFee and currency');
  }

  const isRefund = bizType === 'PAY_REFUND';
  const refundId = isRefund ? data.refundInfo?.refundRequestId : undefined;
  // Several partial refunds of one order share bizIdStr and bizStatus: the refund id keeps them apart.
  const eventId = [bizIdStr, bizType, bizStatus, ...(refundId ? [refundId] : [])].join(':');
  const eventAmount = isRefund ? data.refundInfo?.refundAmount : data.totalFee;

  return ok({
    eventId,
    kind,
    merchantTradeNo: data.merchantTradeNo,
    paymentId: bizIdStr,
    ...(eventAmount !== undefined ? { amount: eventAmount } : {}),
    ...(data.currency !== undefined ? { currency: data.currency } : {}),
    ...(refundId !== undefined ? { refundId } : {}),
    occurredAt: data.transactTime !== undefined ? new Date(Number(data.transactTime)) : signedAt,
  });
}
