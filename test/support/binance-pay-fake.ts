import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import nock from 'nock';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { failure, recordRequests, success, type SeenRequest } from '../../plugins/binance/test/fixtures.js';
import { certificatesAnswer, testCertificate, webhookHeaders, type TestCertificate } from '../../plugins/binance/test/webhook-fixtures.js';
import type { WebhookAnswer } from './mock-webhooks.js';

/*
 * A fake Binance Pay for whole-broker tests: nock interceptors on BINANCE_URL for the documented
 * paths, answers shaped as Binance documents them, webhooks signed with our own RSA key (served as
 * Binance's certificate), and a check of the request signature computed here with node:crypto,
 * independently of the plugin's own signing code.
 */

export { failure, recordRequests, success, testCertificate, type SeenRequest, type TestCertificate };

export const BINANCE_URL = 'https://bpay.test';

export const BINANCE_PATH = {
  create: '/binancepay/openapi/v3/order',
  query: '/binancepay/openapi/v2/order/query',
  close: '/binancepay/openapi/order/close',
  refund: '/binancepay/openapi/order/refund',
  certificates: '/binancepay/openapi/certificates',
} as const;

/** One merchant account's credentials, and the environment variables the config names for them. */
export interface BinanceAccount {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly keyVar: string;
  readonly secretVar: string;
}

export function binanceAccount(envPrefix: string): BinanceAccount {
  const tag = envPrefix.toLowerCase().replaceAll('_', '-');
  return {
    apiKey: `e2e-${tag}-api-key-${randomUUID().replaceAll('-', '')}`,
    apiSecret: `e2e-${tag}-api-secret-${randomUUID().replaceAll('-', '')}`,
    keyVar: `${envPrefix}_API_KEY`,
    secretVar: `${envPrefix}_API_SECRET`,
  };
}

/** The process environment that carries an account's secrets. */
export const envOf = (...accounts: BinanceAccount[]): NodeJS.ProcessEnv =>
  Object.fromEntries(
    accounts.flatMap((a) => [
      [a.keyVar, a.apiKey],
      [a.secretVar, a.apiSecret],
    ]),
  );

type WalletEntry = BrokerConfigInput['wallets'][string];

/** A `binance` plugin wallet entry whose secrets are `{"env": …}` references and whose API is the fake. */
export function binanceWalletEntry(
  account: BinanceAccount,
  entry: Pick<WalletEntry, 'assets'> & Partial<Omit<WalletEntry, 'settings'>>,
  settings: Record<string, unknown> = {},
): WalletEntry {
  return {
    plugin: 'binance',
    enabled: true,
    payees: {},
    ...entry,
    settings: { apiKey: { env: account.keyVar }, apiSecret: { env: account.secretVar }, baseUrl: BINANCE_URL, ...settings },
  };
}

/** A prepayId as Binance writes them: 19 digits, beyond 2^53 (so a JSON.parse of `bizId` would lose digits). */
export const newPrepayId = (): string => `3${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;

export interface CreatedLinks {
  readonly prepayId: string;
  readonly checkoutUrl: string;
  readonly deeplink: string;
  readonly universalUrl: string;
}

/** A v3 create answer with links unique to this order, so a test can tell they were mapped, not made up. */
export function createdAnswer(currency: string, totalFee: string): { links: CreatedLinks; body: ReturnType<typeof success> } {
  const token = randomUUID().replaceAll('-', '');
  const links: CreatedLinks = {
    prepayId: newPrepayId(),
    checkoutUrl: `https://pay.binance.com/en/checkout/${token}`,
    deeplink: `bnc://app.binance.com/payment/secpay?tempToken=${token}`,
    universalUrl: `https://app.binance.com/payment/secpay?linkToken=${token}&_dp=Ym5jOi8v`,
  };
  return {
    links,
    body: success({
      currency,
      totalFee,
      prepayId: links.prepayId,
      terminalType: 'WEB',
      expireTime: Date.now() + 900_000,
      qrcodeLink: `https://public.bnbstatic.com/static/payment/qr/${token}.jpg`,
      qrContent: `https://app.binance.com/qr/dplk${token}`,
      checkoutUrl: links.checkoutUrl,
      deeplink: links.deeplink,
      universalUrl: links.universalUrl,
    }),
  };
}

/**
 * Asserts Binance's request signing on one recorded call: the account's key as Certificate-SN, a
 * 13-digit ms timestamp, a 32-character nonce, and the uppercase hex HMAC-SHA512 of
 * `timestamp\nnonce\nbody\n` over the exact body that arrived, keyed with the account's secret.
 */
export function expectSignedBy(seen: SeenRequest, account: BinanceAccount): void {
  const h = seen.headers;
  expect(h['content-type'], 'content-type').to.contain('application/json');
  expect(h['binancepay-certificate-sn'], 'BinancePay-Certificate-SN').to.equal(account.apiKey);
  const ts = h['binancepay-timestamp'] ?? '';
  const nonce = h['binancepay-nonce'] ?? '';
  expect(ts, 'BinancePay-Timestamp').to.match(/^\d{13}$/);
  expect(nonce, 'BinancePay-Nonce').to.match(/^[A-Za-z0-9]{32}$/);
  const expected = createHmac('sha512', account.apiSecret).update(`${ts}\n${nonce}\n${seen.body}\n`, 'utf8').digest('hex').toUpperCase();
  expect(h['binancepay-signature'], 'BinancePay-Signature').to.equal(expected);
}

/**
 * Serves `cert` as Binance's webhook key. Optional, so it never counts as a pending mock: the plugin
 * fetches certificates only when its cache is empty or meets an unknown serial.
 */
export function serveCertificates(cert: TestCertificate): void {
  nock(BINANCE_URL).post(BINANCE_PATH.certificates).optionally().reply(200, certificatesAnswer(cert));
}

/** A 32-character nonce, unique per delivery (the plugin refuses a nonce it has seen). */
export const freshNonce = (): string => randomUUID().replaceAll('-', '');

/** A PAY notification (PAY_SUCCESS or PAY_CLOSED) written by hand: `bizId` a bare number, `totalFee` a JSON number as given. */
export function payNotification(fields: {
  prepayId: string;
  tradeNo: string;
  totalFee: string;
  currency: string;
  transactTime: number;
  bizStatus?: string;
}): string {
  const data =
    `{"merchantTradeNo":"${fields.tradeNo}","productType":"02","productName":"MixPay order","transactTime":${fields.transactTime},` +
    `"tradeType":"WEB","totalFee":${fields.totalFee},"currency":"${fields.currency}","openUserId":"1a2b3c4d5e6f","commission":0}`;
  return `{"bizType":"PAY","bizId":${fields.prepayId},"bizIdStr":"${fields.prepayId}","bizStatus":"${fields.bizStatus ?? 'PAY_SUCCESS'}","data":${JSON.stringify(data)}}`;
}

/** A PAY_REFUND notification for one refund request. */
export function refundNotification(fields: {
  prepayId: string;
  tradeNo: string;
  refundRequestId: string;
  refundAmount: string;
  currency: string;
  bizStatus?: 'REFUND_SUCCESS' | 'REFUND_REJECTED';
}): string {
  const refundInfo = {
    refundRequestId: fields.refundRequestId,
    prepayId: fields.prepayId,
    orderAmount: fields.refundAmount,
    refundedAmount: fields.refundAmount,
    refundAmount: fields.refundAmount,
    remainingAttempts: 9,
    payerOpenId: '1a2b3c4d5e6f',
    duplicateRequest: 'N',
  };
  const data = JSON.stringify({
    merchantTradeNo: fields.tradeNo,
    productType: '02',
    productName: 'MixPay order',
    tradeType: 'WEB',
    totalFee: fields.refundAmount,
    currency: fields.currency,
    refundInfo,
  });
  return `{"bizType":"PAY_REFUND","bizId":${fields.prepayId},"bizIdStr":"${fields.prepayId}","bizStatus":"${fields.bizStatus ?? 'REFUND_SUCCESS'}","data":${JSON.stringify(data)}}`;
}

export interface BinanceDelivery {
  /** The key the broker trusts (served from the fake /certificates). */
  readonly cert: TestCertificate;
  /** When it is signed (the broker's test clock). */
  readonly at: Date;
  /** Sign with this key instead, still naming `cert`'s serial. */
  readonly signWith?: TestCertificate;
  /** Sign this text instead of the body that is sent (a tampered body). */
  readonly signedBody?: string;
  readonly nonce?: string;
}

/** POST /webhooks/<wallet> with a Binance-signed body. */
export async function deliverBinanceWebhook(base: string, wallet: string, rawBody: string, d: BinanceDelivery): Promise<WebhookAnswer> {
  serveCertificates(d.cert);
  const headers = webhookHeaders(d.signWith ?? d.cert, d.signedBody ?? rawBody, d.at.getTime(), d.nonce ?? freshNonce());
  headers['binancepay-certificate-sn'] = d.cert.serial;
  const res = await fetch(`${base}/webhooks/${wallet}`, { method: 'POST', headers, body: rawBody, redirect: 'manual' });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** Binance's documented acknowledgement. */
export const BINANCE_ACK = '{"returnCode":"SUCCESS","returnMessage":null}';

/** Answers one create call and records what arrived. */
export function interceptCreate(answer: unknown, httpStatus = 200): { scope: nock.Scope; seen: SeenRequest[] } {
  const scope = nock(BINANCE_URL)
    .post(BINANCE_PATH.create)
    .reply(httpStatus, answer as nock.Body);
  return { scope, seen: recordRequests(scope) };
}
