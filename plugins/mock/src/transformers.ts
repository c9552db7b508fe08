import {
  Amount,
  err,
  hmacSha256Hex,
  ok,
  parseKeyValueHeader,
  z,
  type Result,
  type WalletEvent,
  type WalletEventKind,
  type WebhookAck,
} from '@mixpay-broker/plugin-api';

/*
 * The mock provider's wire format, Stripe-flavoured:
 *   body   {"id":"evt_…","type":"payment.succeeded","data":{"payment_id","merchant_trade_no","amount","currency"}}
 *   header X-Mock-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 */

export const SIGNATURE_HEADER = 'X-Mock-Signature';

export const MOCK_EVENT_TYPES = ['payment.succeeded', 'payment.failed', 'payment.expired'] as const;
export type MockEventType = (typeof MOCK_EVENT_TYPES)[number];

/** The mock's event types happen to be the broker's kinds; the table keeps that a decision, not an accident. */
const KIND_OF: Readonly<Record<MockEventType, WalletEventKind>> = {
  'payment.succeeded': 'payment.succeeded',
  'payment.failed': 'payment.failed',
  'payment.expired': 'payment.expired',
};

export const WEBHOOK_ACK: WebhookAck = { status: 200, contentType: 'application/json', body: '{"received":true}' };

export interface EventPayment {
  readonly paymentId: string;
  readonly merchantTradeNo: string;
  readonly amount: string;
  readonly currency: string;
}

/** The raw body of one notification; what is signed and sent is exactly this text. */
export function buildEventBody(eventId: string, type: MockEventType, payment: EventPayment): string {
  return JSON.stringify({
    id: eventId,
    type,
    data: {
      payment_id: payment.paymentId,
      merchant_trade_no: payment.merchantTradeNo,
      amount: payment.amount,
      currency: payment.currency,
    },
  });
}

/** The `X-Mock-Signature` value for a body; also the broker tests' fixture for signing test webhooks. */
export function signMockWebhook(secret: string, rawBody: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacSha256Hex(secret, `${unixSeconds}.${rawBody}`)}`;
}

export interface SignatureHeader {
  /** `t` exactly as sent: the signed message uses these characters, not a reformatted number. */
  readonly t: string;
  readonly timestamp: number;
  readonly signature: string;
}

/** Null when the header is not `t=<digits>,v1=<64 hex>`. */
export function parseSignatureHeader(header: string): SignatureHeader | null {
  const fields = parseKeyValueHeader(header);
  const t = fields['t'];
  const v1 = fields['v1'];
  // Digits only: Number() alone would take "1e9", " 12" or "0x10".
  if (t === undefined || !/^\d{1,12}$/.test(t)) return null;
  if (v1 === undefined || !/^[0-9a-f]{64}$/i.test(v1)) return null;
  return { t, timestamp: Number(t), signature: v1.toLowerCase() };
}

const isAmount = (text: string): boolean => {
  try {
    Amount.parse(text);
    return true;
  } catch {
    return false;
  }
};

const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.unknown(),
});

const paymentDataSchema = z.object({
  payment_id: z.string().min(1),
  merchant_trade_no: z.string().min(1),
  amount: z.string().refine(isAmount, { error: 'amount must be a plain decimal with at most 8 decimals' }),
  currency: z.string().min(1),
});

const isMockEventType = (type: string): type is MockEventType => (MOCK_EVENT_TYPES as readonly string[]).includes(type);

/**
 * Reads a verified body into the broker's event. An unknown `type` is a genuine notification the broker
 * has no use for (null); anything that does not fit the format is an error message.
 */
export function parseEventBody(rawBody: string, occurredAt: Date): Result<WalletEvent | null, string> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return err('body is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return err(`body does not fit the event format: ${z.prettifyError(envelope.error)}`);
  const { id, type, data } = envelope.data;
  if (!isMockEventType(type)) return ok(null);
  const payment = paymentDataSchema.safeParse(data);
  if (!payment.success) return err(`${type} data does not fit the format: ${z.prettifyError(payment.error)}`);
  return ok({
    eventId: id,
    kind: KIND_OF[type],
    merchantTradeNo: payment.data.merchant_trade_no,
    paymentId: payment.data.payment_id,
    amount: payment.data.amount,
    currency: payment.data.currency,
    occurredAt,
  });
}
