import { createSign, generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import type { CheckoutRequest, WebhookRequest } from '@mixpay-broker/plugin-api';
import {
  checkoutRequest as hostCheckoutRequest,
  MemoryStore,
  TEST_PUBLIC_URL,
  testContext,
  type TestClock,
  type TestContext,
} from '@mixpay-broker/plugin-api/testing';
import plugin from '../src/index.js';
import settingsSchema, { type BybitSettings } from '../src/settings.js';

export const WALLET = 'bybit_test';
export const PUBLIC_URL = TEST_PUBLIC_URL;
export const BASE_URL = 'https://api2.bybit.com';
export const MERCHANT_ID = '305142568';
export const API_KEY = 'test-api-key-XYZ123';
export const API_SECRET = 'test-api-secret-0123456789abcdef';
export const PAY_ID = '01JY2KM5QNPXR8S4HTJZT9BC12';
export const QR = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
export const APP_LINK = `bybitapp://open/route?targetUrl=by-mini%3A%2F%2Fpay%2FscanResult%3ForderNo%3D${PAY_ID}`;

/** Stands in for Bybit's platform key pair: the public half goes in the settings, the private half signs test webhooks. */
const keyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048, // a production-sized RSA key: its signatures are 344 characters of base64
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
export const PLATFORM_KEYS = keyPair();
export const OTHER_KEYS = keyPair();

/** What the operator writes in the config, secrets already resolved. */
export const requiredSettings = (): Record<string, unknown> => ({
  merchantId: MERCHANT_ID,
  apiKey: API_KEY,
  apiSecret: API_SECRET,
  platformPublicKey: PLATFORM_KEYS.publicKey,
});

export function settings(input: Record<string, unknown> = {}): BybitSettings {
  return settingsSchema.parse({ ...requiredSettings(), ...input });
}

export interface Harness extends TestContext<BybitSettings> {
  readonly instance: Awaited<ReturnType<typeof plugin.create>>;
}

export async function harness(settingsInput: Record<string, unknown> = {}, store: MemoryStore = new MemoryStore()): Promise<Harness> {
  const context = testContext(settings(settingsInput), { wallet: WALLET, store });
  return { ...context, instance: await plugin.create(context.ctx) };
}

/** A checkout request for this wallet, as the host sends it (10.5 + 0.105 USDT, due in 30 minutes). */
export function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return hostCheckoutRequest({ wallet: WALLET, memo: 'order memo' }, overrides);
}

/** Bybit's success envelope; `result` as Bybit documents it for each call. */
export const envelope = (result: unknown) => ({ retCode: 100000, retMsg: 'success', result, retExtInfo: {}, time: 1748779200000 });
export const failure = (retCode: number, retMsg = 'refused') => ({ retCode, retMsg, result: {}, retExtInfo: {}, time: 1748779200000 });

export const createResult = (overrides: Record<string, unknown> = {}) => ({
  payId: PAY_ID,
  terminalType: 'WEB',
  expireTime: 1748781000,
  checkoutLink: APP_LINK,
  qrContent: QR,
  order: { payId: PAY_ID, status: 'INIT', amount: '10.605', currency: 'USDT' },
  ...overrides,
});

export const payOrder = (status: string, overrides: Record<string, unknown> = {}) => ({
  merchantId: MERCHANT_ID,
  paymentType: 'E_COMMERCE',
  merchantTradeNo: 'trade',
  payId: PAY_ID,
  status,
  amount: '10.605',
  currency: 'USDT',
  currencyType: 'crypto',
  createTime: 1748779200,
  paymentTime: 0,
  finishTime: 0,
  refundOrders: [],
  ...overrides,
});

export const bybit = () => nock(BASE_URL);

/** Creates one checkout against a nocked create_pay; answers the request and the result. */
export async function createdCheckout(h: Harness, overrides: Partial<CheckoutRequest> = {}) {
  const request = checkoutRequest(overrides);
  bybit().post('/v5/bybitpay/create_pay').reply(200, envelope(createResult()));
  const created = await h.instance.createCheckout(request);
  if (!created.ok) throw new Error(`checkout not created: ${created.error.message}`);
  return { request, created: created.value };
}

/** Bybit's notification signature: base64 RSA-SHA256 over `timestamp + rawBody`. */
export function signNotification(privateKeyPem: string, timestamp: string, rawBody: string): string {
  return createSign('RSA-SHA256').update(`${timestamp}${rawBody}`, 'utf8').sign(privateKeyPem, 'base64');
}

export function notification(
  rawBody: string,
  clock: TestClock,
  options: { timestamp?: string; privateKey?: string; receivedAt?: Date } = {},
): WebhookRequest {
  const timestamp = options.timestamp ?? String(clock.unixSeconds());
  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      timestamp,
      signature: signNotification(options.privateKey ?? PLATFORM_KEYS.privateKey, timestamp, rawBody),
      version: '5.00',
    },
    receivedAt: options.receivedAt ?? clock.now(),
  };
}
