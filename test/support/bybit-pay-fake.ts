import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type nock from 'nock';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { OTHER_KEYS, PLATFORM_KEYS, QR, envelope, failure, signNotification } from '../../plugins/bybit/test/fixtures.js';
import type { WebhookAnswer } from './mock-webhooks.js';

/*
 * A fake Bybit Pay for whole-broker tests: nock interceptors on BYBIT_URL for the documented paths,
 * answers in Bybit's envelope, and notifications signed with the key pair the plugin's own tests use
 * for Bybit's platform key (PLATFORM_KEYS; OTHER_KEYS is a key Bybit never had).
 */

export { OTHER_KEYS, PLATFORM_KEYS, QR, envelope, failure };

export const BYBIT_URL = 'https://bybit-pay.test';

export const BYBIT_PATH = {
  create: '/v5/bybitpay/create_pay',
  payResult: '/v5/bybitpay/pay_result',
  refund: '/v5/bybitpay/refund',
} as const;

export interface BybitAccount {
  readonly merchantId: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly platformPublicKey: string;
  /** The environment variables the config names, by setting. */
  readonly vars: { readonly merchantId: string; readonly apiKey: string; readonly apiSecret: string; readonly platformPublicKey: string };
}

export function bybitAccount(envPrefix = 'BYBIT'): BybitAccount {
  return {
    merchantId: String(300_000_000 + randomInt(99_999_999)),
    apiKey: `e2eBybitKey${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    apiSecret: `e2eBybitSecret${randomUUID().replaceAll('-', '')}`,
    platformPublicKey: PLATFORM_KEYS.publicKey,
    vars: {
      merchantId: `${envPrefix}_MERCHANT_ID`,
      apiKey: `${envPrefix}_API_KEY`,
      apiSecret: `${envPrefix}_API_SECRET`,
      platformPublicKey: `${envPrefix}_PLATFORM_PUBLIC_KEY`,
    },
  };
}

export const bybitEnv = (a: BybitAccount): NodeJS.ProcessEnv => ({
  [a.vars.merchantId]: a.merchantId,
  [a.vars.apiKey]: a.apiKey,
  [a.vars.apiSecret]: a.apiSecret,
  [a.vars.platformPublicKey]: a.platformPublicKey,
});

type WalletEntry = BrokerConfigInput['wallets'][string];

/** A `bybit` plugin wallet entry: every credential an `{"env": …}` reference, the API the fake. */
export function bybitWalletEntry(
  a: BybitAccount,
  entry: Pick<WalletEntry, 'assets'> & Partial<Omit<WalletEntry, 'settings'>>,
): WalletEntry {
  return {
    plugin: 'bybit',
    enabled: true,
    payees: {},
    ...entry,
    settings: {
      merchantId: { env: a.vars.merchantId },
      apiKey: { env: a.vars.apiKey },
      apiSecret: { env: a.vars.apiSecret },
      platformPublicKey: { env: a.vars.platformPublicKey },
      baseUrl: BYBIT_URL,
    },
  };
}

/** A payId in Bybit's form (26 upper-case letters and digits). */
export function newPayId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let id = '01';
  for (let i = 0; i < 24; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

export const appLinkOf = (payId: string): string => `bybitapp://open/route?targetUrl=by-mini%3A%2F%2Fpay%2FscanResult%3ForderNo%3D${payId}`;

export interface RecordedCall {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Records each request a scope answers: lower-case headers and the body exactly as sent. */
export function recordCalls(scope: nock.Scope): RecordedCall[] {
  const seen: RecordedCall[] = [];
  scope.on('request', (req: { headers: Record<string, unknown> }, _interceptor: unknown, body: string) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
    seen.push({ headers, body });
  });
  return seen;
}

/**
 * Asserts Bybit's request signing on one recorded POST: the account's key, a ms timestamp, the
 * receive window, and X-BAPI-SIGN = hex HMAC-SHA256(secret, timestamp + apiKey + recvWindow + body),
 * computed here with node:crypto.
 */
export function expectBybitSigned(call: RecordedCall, a: BybitAccount): void {
  const h = call.headers;
  expect(h['x-bapi-api-key'], 'X-BAPI-API-KEY').to.equal(a.apiKey);
  const ts = h['x-bapi-timestamp'] ?? '';
  const window = h['x-bapi-recv-window'] ?? '';
  expect(ts, 'X-BAPI-TIMESTAMP').to.match(/^\d{13}$/);
  expect(window, 'X-BAPI-RECV-WINDOW').to.match(/^\d+$/);
  const expected = createHmac('sha256', a.apiSecret).update(`${ts}${a.apiKey}${window}${call.body}`, 'utf8').digest('hex');
  expect(h['x-bapi-sign'], 'X-BAPI-SIGN').to.equal(expected);
}

/** A payment notification as Bybit sends it: the flat PayOrder plus paymentType, times in seconds. */
export function paymentNotification(fields: {
  merchantId: string;
  tradeNo: string;
  payId: string;
  status: string;
  amount: string;
  currency: string;
  paidAtSeconds: number;
}): string {
  return JSON.stringify({
    paymentType: 'E_COMMERCE',
    merchantId: fields.merchantId,
    merchantTradeNo: fields.tradeNo,
    payId: fields.payId,
    status: fields.status,
    amount: fields.amount,
    currency: fields.currency,
    currencyType: 'crypto',
    createTime: fields.paidAtSeconds - 30,
    paymentTime: fields.paidAtSeconds,
    finishTime: fields.paidAtSeconds,
  });
}

export interface BybitDelivery {
  /** The signature's timestamp (the broker's test clock). */
  readonly at: Date;
  /** The private key that signs; Bybit's platform key by default. */
  readonly privateKey?: string;
  /** Sign this text instead of the body that is sent (a tampered body). */
  readonly signedBody?: string;
}

/** POST /webhooks/<wallet> with a body signed the way Bybit signs notifications. */
export async function deliverBybitWebhook(base: string, wallet: string, rawBody: string, d: BybitDelivery): Promise<WebhookAnswer> {
  const timestamp = String(Math.floor(d.at.getTime() / 1000));
  const headers = {
    'content-type': 'application/json',
    timestamp,
    signature: signNotification(d.privateKey ?? PLATFORM_KEYS.privateKey, timestamp, d.signedBody ?? rawBody),
    version: '5.00',
  };
  const res = await fetch(`${base}/webhooks/${wallet}`, { method: 'POST', headers, body: rawBody, redirect: 'manual' });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}
