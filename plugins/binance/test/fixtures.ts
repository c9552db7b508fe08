import type { CheckoutRequest, Clock, LogFields, Logger, PluginContext, PluginLinks, PluginStore } from '@mixpay-broker/plugin-api';
import nock from 'nock';
import plugin from '../src/index.js';
import settingsSchema, { type BinanceSettings } from '../src/settings.js';

export const API_KEY = 'test-api-key-0123456789abcdefghijklmnop';
export const API_SECRET = 'test-api-secret-ZYXWVUTSRQPONMLKJIHGFEDCBA9876';
export const BASE_URL = 'https://bpay.binanceapi.com';
export const WALLET = 'binance';
export const PUBLIC_URL = 'https://broker.test';

/** JSON round trip on every put and get, so a test notices anything a durable store would not keep. */
export class MemoryStore implements PluginStore {
  readonly data = new Map<string, string>();
  async get<T>(key: string): Promise<T | null> {
    const text = this.data.get(key);
    return text === undefined ? null : (JSON.parse(text) as T);
  }
  async put(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value));
  }
  async putIfAbsent(key: string, value: unknown): Promise<boolean> {
    if (this.data.has(key)) return false;
    this.data.set(key, JSON.stringify(value));
    return true;
  }
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: LogFields;
  readonly message: string;
}

export class CollectingLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly base: LogFields = {},
  ) {}
  debug(fields: LogFields, message: string): void {
    this.lines.push({ level: 'debug', fields: { ...this.base, ...fields }, message });
  }
  info(fields: LogFields, message: string): void {
    this.lines.push({ level: 'info', fields: { ...this.base, ...fields }, message });
  }
  warn(fields: LogFields, message: string): void {
    this.lines.push({ level: 'warn', fields: { ...this.base, ...fields }, message });
  }
  error(fields: LogFields, message: string): void {
    this.lines.push({ level: 'error', fields: { ...this.base, ...fields }, message });
  }
  child(fields: LogFields): Logger {
    return new CollectingLogger(this.lines, { ...this.base, ...fields });
  }
  /** Every line as one JSON text, to search for things that must never be logged. */
  text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join('\n');
  }
}

export class TestClock implements Clock {
  constructor(private current = new Date('2025-06-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export const links: PluginLinks = {
  publicUrl: PUBLIC_URL,
  route: (path) => `${PUBLIC_URL}/plugins/${WALLET}${path}`,
  webhookUrl: `${PUBLIC_URL}/webhooks/${WALLET}`,
};

export function settings(input: Record<string, unknown> = {}): BinanceSettings {
  return settingsSchema.parse({ apiKey: API_KEY, apiSecret: API_SECRET, ...input });
}

export interface Harness {
  readonly ctx: PluginContext<BinanceSettings>;
  readonly store: MemoryStore;
  readonly logger: CollectingLogger;
  readonly clock: TestClock;
  readonly instance: Awaited<ReturnType<typeof plugin.create>>;
}

/** Every logger a harness made in this run, so afterEach can check none of them saw a secret. */
const loggers: CollectingLogger[] = [];

export async function harness(settingsInput: Record<string, unknown> = {}): Promise<Harness> {
  const store = new MemoryStore();
  const logger = new CollectingLogger();
  loggers.push(logger);
  const clock = new TestClock();
  const ctx: PluginContext<BinanceSettings> = { wallet: WALLET, settings: settings(settingsInput), logger, store, links, clock };
  const instance = await plugin.create(ctx);
  return { ctx, store, logger, clock, instance };
}

/** For afterEach: no log line of the test may carry the API secret or a request signature (128 hex). */
export function expectNoSecretsLogged(): void {
  for (const logger of loggers.splice(0)) {
    const text = logger.text();
    if (text.includes(API_SECRET)) throw new Error('the API secret appeared in a log line');
    if (/[0-9A-F]{128}/.test(text)) throw new Error('a request signature appeared in a log line');
  }
}

let tradeCounter = 0;

export function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  tradeCounter += 1;
  const traceId = `0b4e2a3c-1111-4222-8333-${String(tradeCounter).padStart(12, '0')}`;
  return {
    wallet: WALLET,
    traceId,
    merchantTradeNo: traceId.replaceAll('-', ''),
    assetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
    currency: 'USDT',
    amount: '10.5',
    fee: '0.105',
    payAmount: '10.605',
    memo: 'order memo',
    expiresAt: new Date('2025-06-01T12:30:00.000Z'),
    returnUrl: `${PUBLIC_URL}/return/${traceId}`,
    webhookUrl: `${PUBLIC_URL}/webhooks/${WALLET}`,
    ...overrides,
  };
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
