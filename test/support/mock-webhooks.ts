import { randomUUID } from 'node:crypto';
import { signMockWebhook } from '../../plugins/mock/src/transformers.js';
import type { Clock } from '../../src/domain/ports/clock.port.js';
import { MOCK_SECRET } from './fixtures.js';

/*
 * Webhooks as the mock wallet sends them, written from its documented wire format:
 *   body   {"id":"evt_…","type":"payment.succeeded","data":{"payment_id","merchant_trade_no","amount","currency"}}
 *   header X-Mock-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 */

export interface MockEventFields {
  /** A fresh `evt_…` id unless given (give the same id to model a redelivery). */
  readonly id?: string;
  readonly type: string;
  readonly tradeNo: string;
  readonly paymentId: string;
  readonly amount: string;
  readonly currency: string;
}

export const newEventId = (): string => `evt_${randomUUID().replaceAll('-', '')}`;

/** The raw JSON body of one mock notification. */
export function mockEventBody(fields: MockEventFields): string {
  return JSON.stringify({
    id: fields.id ?? newEventId(),
    type: fields.type,
    data: {
      payment_id: fields.paymentId,
      merchant_trade_no: fields.tradeNo,
      amount: fields.amount,
      currency: fields.currency,
    },
  });
}

export const unixSeconds = (at: Date = new Date()): number => Math.floor(at.getTime() / 1000);

export interface DeliveryOptions {
  /** The secret the signature is made with; the broker's configured MOCK_SECRET by default. */
  readonly secret?: string;
  /** The signature's timestamp; now (by `clock` when given) by default. */
  readonly signedAt?: number;
  readonly clock?: Clock;
  /** Sign this text instead of the body that is sent (an altered body). */
  readonly signedBody?: string;
  /** False sends no X-Mock-Signature header at all. */
  readonly signed?: boolean;
}

export interface WebhookAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** POST /webhooks/<wallet> with a raw body and (unless told otherwise) a valid mock signature. */
export async function deliverMockWebhook(
  base: string,
  wallet: string,
  rawBody: string,
  options: DeliveryOptions = {},
): Promise<WebhookAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.signed !== false) {
    const at = options.signedAt ?? unixSeconds(options.clock?.now());
    headers['x-mock-signature'] = signMockWebhook(options.secret ?? MOCK_SECRET, options.signedBody ?? rawBody, at);
  }
  const res = await fetch(`${base}/webhooks/${wallet}`, { method: 'POST', headers, body: rawBody, redirect: 'manual' });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** What a test order owes by default: 10 USDT at the mock's 1 % fee. */
export const DEFAULT_PAY_AMOUNT = '10.1';

/** The mock's payment.succeeded notification for an order placed with the default request; override any field. */
export function paymentEventFor(
  order: { readonly tradeNo: string; readonly paymentId: string },
  overrides: Partial<MockEventFields> = {},
): string {
  return mockEventBody({
    type: 'payment.succeeded',
    tradeNo: order.tradeNo,
    paymentId: order.paymentId,
    amount: DEFAULT_PAY_AMOUNT,
    currency: 'USDT',
    ...overrides,
  });
}
