import {
  err,
  ok,
  parseJsonExact,
  z,
  type CheckoutRequest,
  type PaymentStatus,
  type Result,
  type WalletEvent,
  type WalletEventKind,
  type WebhookAck,
} from '@mixpay-broker/plugin-api';
import type { BybitSettings } from './settings.js';

/*
 * Bybit Pay's QR payment wire format (create-payment.mdx, payment-result.mdx, refund.mdx,
 * payment-notify.mdx) to and from the broker's terms: pure functions, no I/O. Bodies read with
 * parseJsonExact, so every number here is text.
 */

export const CREATE_PAY_PATH = '/v5/bybitpay/create_pay';
export const PAY_RESULT_PATH = '/v5/bybitpay/pay_result';
export const REFUND_PATH = '/v5/bybitpay/refund';

export const PAYMENT_TYPE = 'E_COMMERCE';
/** Bybit's only documented refund type (its spelling): funds come from the merchant's funding account. */
export const REFUND_TYPE = 'MERCHNT_SELF_REFUND';
/** The broker shows Bybit's QR on a web page. */
export const TERMINAL_TYPE = 'WEB';
/** Bybit's limit for successUrl, failedUrl and webhookUrl. */
export const MAX_URL_LENGTH = 256;

export const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
const decimalText = z.string().regex(PLAIN_DECIMAL, { error: 'must be a plain decimal' });
const unixSecondsText = z.string().regex(/^\d+$/, { error: 'must be whole seconds' });

/**
 * `orderExpireTime`: a Unix time in seconds (Bybit's example is createTime + 3600), MixPay's deadline
 * or `maxOrderLifetimeSeconds` from now, whichever comes first.
 */
export function orderExpireTime(expiresAt: Date, now: Date, maxOrderLifetimeSeconds: number): number {
  const deadline = Math.floor(expiresAt.getTime() / 1000);
  const longest = Math.floor(now.getTime() / 1000) + maxOrderLifetimeSeconds;
  return Math.min(deadline, longest);
}

export function createPayBody(request: CheckoutRequest, settings: BybitSettings, now: Date): Record<string, unknown> {
  const good: Record<string, string> = { shoppingName: settings.shoppingName, goodsName: settings.goodsName };
  if (settings.mccCode !== undefined) good['mccCode'] = settings.mccCode;
  return {
    merchantId: settings.merchantId,
    paymentType: PAYMENT_TYPE,
    merchantTradeNo: request.merchantTradeNo,
    goods: [good],
    orderAmount: request.payAmount,
    currency: request.currency,
    currencyType: 'crypto',
    successUrl: request.returnUrl,
    failedUrl: request.returnUrl,
    webhookUrl: request.webhookUrl,
    orderExpireTime: orderExpireTime(request.expiresAt, now, settings.maxOrderLifetimeSeconds),
    env: { terminalType: TERMINAL_TYPE },
  };
}

/** Why Bybit would refuse this request before it is sent, or null. */
export function checkoutProblem(request: CheckoutRequest, now: Date): string | null {
  if (!PLAIN_DECIMAL.test(request.payAmount)) return `payAmount "${request.payAmount}" is not a plain decimal`;
  if (request.expiresAt.getTime() <= now.getTime()) return `the order's deadline ${request.expiresAt.toISOString()} has passed`;
  for (const [name, url] of [
    ['returnUrl', request.returnUrl],
    ['webhookUrl', request.webhookUrl],
  ] as const) {
    if (url.length > MAX_URL_LENGTH) return `${name} is ${url.length} characters; Bybit accepts at most ${MAX_URL_LENGTH}`;
  }
  return null;
}

const createResultSchema = z.object({
  payId: z.string().min(1),
  checkoutLink: z.string().optional(),
  qrContent: z.string().optional(),
  expireTime: unixSecondsText.optional(),
});

export interface CreatedPay {
  readonly payId: string;
  /** An app link (`bybitapp://…`), not a web page. */
  readonly checkoutLink: string;
  /** A `data:image/png;base64,…` image, the only copy Bybit ever gives. */
  readonly qrContent: string;
  /** Unix seconds, when Bybit says. */
  readonly expireTime?: number;
}

export function parseCreateResult(result: unknown): Result<CreatedPay, string> {
  const parsed = createResultSchema.safeParse(result);
  if (!parsed.success) return err(`create_pay result: ${z.prettifyError(parsed.error)}`);
  const { payId, checkoutLink = '', qrContent = '', expireTime } = parsed.data;
  return ok({ payId, checkoutLink, qrContent, ...(expireTime === undefined ? {} : { expireTime: Number(expireTime) }) });
}

const refundOrderSchema = z.object({
  merchantRefundNo: z.string().optional(),
  refundId: z.string().optional(),
  refundStatus: z.string().optional(),
  amount: z.string().optional(),
});

export type RefundOrder = z.output<typeof refundOrderSchema>;

const payOrderSchema = z.object({
  merchantTradeNo: z.string().min(1),
  payId: z.string().min(1),
  status: z.string().min(1),
  amount: decimalText,
  currency: z.string().min(1),
  refundOrders: z.array(refundOrderSchema).nullish(),
});

export type PayOrder = z.output<typeof payOrderSchema>;

/** `pay_result`'s `result.order`. */
export function parsePayResult(result: unknown): Result<PayOrder, string> {
  const parsed = z.object({ order: payOrderSchema }).safeParse(result);
  if (!parsed.success) return err(`pay_result result: ${z.prettifyError(parsed.error)}`);
  return ok(parsed.data.order);
}

/** `refund`'s `result.refundOrders`. */
export function parseRefundResult(result: unknown): Result<RefundOrder[], string> {
  const parsed = z.object({ refundOrders: z.array(refundOrderSchema) }).safeParse(result);
  if (!parsed.success) return err(`refund result: ${z.prettifyError(parsed.error)}`);
  return ok(parsed.data.refundOrders);
}

/**
 * A pay order's status as the broker's state. A refunded order was paid. `PAY_FAIL` is the spelling one
 * of Bybit's pages uses for `PAY_FAILED`.
 */
const STATE_OF: Readonly<Record<string, PaymentStatus['state']>> = {
  INIT: 'pending',
  PAY_SUCCESS: 'paid',
  REFUND_SUCCESS: 'paid',
  TIMEOUT: 'expired',
  PAY_FAILED: 'failed',
  PAY_FAIL: 'failed',
};

/** Null for a status Bybit has not documented. */
export function stateOf(status: string): PaymentStatus['state'] | null {
  return Object.hasOwn(STATE_OF, status) ? STATE_OF[status]! : null;
}

/*
 * Bybit Pay's notifications (payment-notify.mdx): a flat PayOrder plus `paymentType` for a payment,
 * a flat RefundOrder with `paymentType: "E_COMMERCE_REFUND"` for a refund. Times are Unix seconds.
 * The body is read with parseJsonExact, so an amount written as a JSON number keeps every digit.
 */

/** What Bybit expects once the event is stored; anything else is delivered again. */
export const WEBHOOK_ACK: WebhookAck = { status: 200, contentType: 'text/plain', body: 'success' };

const notifiedPayOrderSchema = z.object({
  merchantTradeNo: z.string().min(1),
  payId: z.string().min(1),
  status: z.string().min(1),
  amount: decimalText.optional(),
  currency: z.string().min(1).optional(),
  paymentTime: unixSecondsText.optional(),
  finishTime: unixSecondsText.optional(),
});

const notifiedRefundOrderSchema = z.object({
  merchantTradeNo: z.string().min(1),
  payId: z.string().min(1),
  merchantRefundNo: z.string().min(1),
  refundStatus: z.string().min(1),
  amount: decimalText.optional(),
  refundCurrency: z.string().min(1).optional(),
  createTime: unixSecondsText.optional(),
});

const PAYMENT_KIND: Readonly<Record<string, WalletEventKind>> = {
  PAY_SUCCESS: 'payment.succeeded',
  TIMEOUT: 'payment.expired',
  PAY_FAILED: 'payment.failed',
  PAY_FAIL: 'payment.failed',
  // A pay order's own status after a refund; the refund's details come in its E_COMMERCE_REFUND notification.
  REFUND_SUCCESS: 'refund.succeeded',
};

const REFUND_KIND: Readonly<Record<string, WalletEventKind>> = {
  REFUND_SUCCESS: 'refund.succeeded',
  REFUND_FAILED: 'refund.failed',
  REFUND_FAIL: 'refund.failed',
};

const kindIn = (table: Readonly<Record<string, WalletEventKind>>, status: string): WalletEventKind | null =>
  Object.hasOwn(table, status) ? table[status]! : null;

/** The first non-zero time of those given (Bybit writes 0 for "not yet"), else the signature's time. */
const firstTime = (fallback: Date, ...seconds: Array<string | undefined>): Date => {
  const found = seconds.find((s) => s !== undefined && Number(s) > 0);
  return found === undefined ? fallback : new Date(Number(found) * 1000);
};

const problem = (what: string, error: z.ZodError): string => `${what} does not fit Bybit's format: ${z.prettifyError(error)}`;

/**
 * A verified body as the broker's event: null for a genuine notification the broker has no use for
 * (an INIT, an undocumented status or payment type), an error message for a body that does not parse.
 */
export function parseNotification(rawBody: string, signedAt: Date): Result<WalletEvent | null, string> {
  const json = parseJsonExact(rawBody);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return err('body is not a JSON object');
  const paymentType = (json as Record<string, unknown>)['paymentType'] ?? 'E_COMMERCE';

  if (paymentType === 'E_COMMERCE') {
    const parsed = notifiedPayOrderSchema.safeParse(json);
    if (!parsed.success) return err(problem('payment notification', parsed.error));
    const order = parsed.data;
    const kind = kindIn(PAYMENT_KIND, order.status);
    if (kind === null) return ok(null);
    if (kind === 'payment.succeeded' && (order.amount === undefined || order.currency === undefined)) {
      return err('PAY_SUCCESS notification without amount and currency');
    }
    return ok({
      eventId: `${order.payId}:${order.status}`,
      kind,
      merchantTradeNo: order.merchantTradeNo,
      paymentId: order.payId,
      ...(order.amount === undefined ? {} : { amount: order.amount }),
      ...(order.currency === undefined ? {} : { currency: order.currency }),
      occurredAt:
        kind === 'payment.succeeded' ? firstTime(signedAt, order.paymentTime, order.finishTime) : firstTime(signedAt, order.finishTime),
    });
  }

  if (paymentType === 'E_COMMERCE_REFUND') {
    const parsed = notifiedRefundOrderSchema.safeParse(json);
    if (!parsed.success) return err(problem('refund notification', parsed.error));
    const refund = parsed.data;
    const kind = kindIn(REFUND_KIND, refund.refundStatus);
    if (kind === null) return ok(null);
    return ok({
      // One payment may have several refunds: the refund's own number keeps their events apart.
      eventId: `${refund.payId}:${refund.refundStatus}:${refund.merchantRefundNo}`,
      kind,
      merchantTradeNo: refund.merchantTradeNo,
      paymentId: refund.payId,
      refundId: refund.merchantRefundNo,
      ...(refund.amount === undefined ? {} : { amount: refund.amount }),
      ...(refund.refundCurrency === undefined ? {} : { currency: refund.refundCurrency }),
      occurredAt: firstTime(signedAt, refund.createTime),
    });
  }
  return ok(null);
}
