import type { CheckoutRequest } from '@mixpay-broker/plugin-api';
import { checkoutRequest as hostCheckoutRequest, CollectingLogger, testContext, type TestContext } from '@mixpay-broker/plugin-api/testing';
import type nock from 'nock';
import plugin from '../src/index.js';
import settingsSchema, { type BinanceSettings } from '../src/settings.js';

export const API_KEY = 'test-api-key-0123456789abcdefghijklmnop';
export const API_SECRET = 'test-api-secret-ZYXWVUTSRQPONMLKJIHGFEDCBA9876';
export const BASE_URL = 'https://bpay.binanceapi.com';
export const WALLET = 'binance';

export function settings(input: Record<string, unknown> = {}): BinanceSettings {
  return settingsSchema.parse({ apiKey: API_KEY, apiSecret: API_SECRET, ...input });
}

export interface Harness extends TestContext<BinanceSettings> {
  readonly instance: Awaited<ReturnType<typeof plugin.create>>;
}

/** Every logger a harness made in this run, so afterEach can check none of them saw a secret. */
const loggers: CollectingLogger[] = [];

export async function harness(settingsInput: Record<string, unknown> = {}): Promise<Harness> {
  const logger = new CollectingLogger();
  loggers.push(logger);
  const context = testContext(settings(settingsInput), { wallet: WALLET, logger });
  return { ...context, instance: await plugin.create(context.ctx) };
}

/** For afterEach: no log line of the test may carry the API secret or a request signature (128 hex). */
export function expectNoSecretsLogged(): void {
  for (const logger of loggers.splice(0)) {
    const text = logger.text();
    if (text.includes(API_SECRET)) throw new Error('the API secret appeared in a log line');
    if (/[0-9A-F]{128}/.test(text)) throw new Error('a request signature appeared in a log line');
  }
}

/** A checkout request for this wallet, as the host sends it (10.5 + 0.105 USDT, due in 30 minutes). */
export function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return hostCheckoutRequest({ wallet: WALLET, memo: 'order memo' }, overrides);
}

/** A v3 create answer's data, as documented (binance-pay-rs create.rs sample shape). */
export const CREATED = {
  currency: 'USDT',
  totalFee: '10.605',
  prepayId: '383729303729303',
  terminalType: 'WEB',
  expireTime: 1748781000000,
  qrcodeLink: 'https://public.bnbstatic.com/static/payment/20250601/qr.jpg',
  qrContent: 'https://app.binance.com/qr/dplk12345',
  checkoutUrl: 'https://pay.binance.com/en/checkout/e30b7e1f4b5e4f0b',
  deeplink: 'bnc://app.binance.com/payment/secpay?tempToken=abc',
  universalUrl: 'https://app.binance.com/payment/secpay?linkToken=abc&_dp=Ym5j',
};

/** Binance's answer envelopes. */
export const success = (data: unknown) => ({ status: 'SUCCESS', code: '000000', data, errorMessage: '' });
export const failure = (code: string, errorMessage = 'refused') => ({ status: 'FAIL', code, errorMessage });

export interface SeenRequest {
  readonly headers: Record<string, string>;
  /** The body exactly as it arrived. */
  readonly body: string;
}

/** Records each request a nock scope answers: lower-case headers and the body exactly as sent. */
export function recordRequests(scope: nock.Scope): SeenRequest[] {
  const seen: SeenRequest[] = [];
  scope.on('request', (req: { headers: Record<string, unknown> }, _interceptor: unknown, body: string) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
    seen.push({ headers, body });
  });
  return seen;
}
