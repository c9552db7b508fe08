import { err, ok, parseJsonExact, z, type Result, type WalletEvent, type WalletEventKind, type WebhookAck } from '@mixpay-broker/plugin-api';
import { PLAIN_DECIMAL } from './transformers.js';

/*
 * Bybit Pay's notifications (payment-notify.mdx): a flat PayOrder plus `paymentType` for a payment,
 * a flat RefundOrder with `paymentType: "E_COMMERCE_REFUND"` for a refund. Times are Unix seconds.
 * The body is read with parseJsonExact, so an amount written as a JSON number keeps every digit.
 */

/** What Bybit expects once the event is stored; anything else is delivered again. */
export const WEBHOOK_ACK: WebhookAck = { status: 200, contentType: 'text/plain', body: 'success' };

const decimalText = z.string().regex(PLAIN_DECIMAL, { error: 'must be a plain decimal' });
const secondsText = z.string().regex(/^\d+$/, { error: 'must be whole seconds' });

const payOrderSchema = z.object({
  merchantTradeNo: z.string().min(1),
  payId: z.string().min(1),
  status: z.string().min(1),
  amount: decimalText.optional(),
  currency: z.string().min(1).optional(),
  paymentTime: secondsText.optional(),
  finishTime: secondsText.optional(),
});

const refundOrderSchema = z.object({
  merchantTradeNo: z.string().min(1),
  payId: z.string().min(1),
  merchantRefundNo: z.string().min(1),
  refundStatus: z.string().min(1),
  amount: decimalText.optional(),
  refundCurrency: z.string().min(1).optional(),
  createTime: secondsText.optional(),
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
    const parsed = payOrderSchema.safeParse(json);
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
      occurredAt: kind === 'payment.succeeded' ? firstTime(signedAt, order.paymentTime, order.finishTime) : firstTime(signedAt, order.finishTime),
    });
  }

  if (paymentType === 'E_COMMERCE_REFUND') {
    const parsed = refundOrderSchema.safeParse(json);
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
