import { isPlainAmount } from './amounts.js';
import {
  err,
  ok,
  parseJsonExact,
  z,
  type Result,
  type WalletEvent,
  type WalletEventKind,
  type WebhookAck,
} from '@mixpay-broker/plugin-api';

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
  transactTime: z.string().regex(/^\d{1,16}$/).optional(),
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
