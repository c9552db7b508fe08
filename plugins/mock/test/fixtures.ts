import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  CheckoutRequest,
  Clock,
  LogFields,
  Logger,
  PluginContext,
  PluginHttpResponse,
  PluginLinks,
  PluginRoute,
  PluginStore,
} from '@mixpay-broker/plugin-api';
import plugin from '../src/index.js';
import settingsSchema, { type MockSettings } from '../src/settings.js';

export const SECRET = 'test-secret-0123456789abcdef';
export const WALLET = 'mock_test';
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
  at(level: LogLine['level']): LogLine[] {
    return this.lines.filter((line) => line.level === level);
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
  unixSeconds(): number {
    return Math.floor(this.current.getTime() / 1000);
  }
}

export const links: PluginLinks = {
  publicUrl: PUBLIC_URL,
  route: (path) => `${PUBLIC_URL}/plugins/${WALLET}${path}`,
  webhookUrl: `${PUBLIC_URL}/webhooks/${WALLET}`,
};

export function settings(input: Record<string, unknown> = {}): MockSettings {
  return settingsSchema.parse({ webhookSecret: SECRET, ...input });
}

export interface Harness {
  readonly ctx: PluginContext<MockSettings>;
  readonly store: MemoryStore;
  readonly logger: CollectingLogger;
  readonly clock: TestClock;
  readonly instance: Awaited<ReturnType<typeof plugin.create>>;
}

export async function harness(settingsInput: Record<string, unknown> = {}): Promise<Harness> {
  const store = new MemoryStore();
  const logger = new CollectingLogger();
  const clock = new TestClock();
  const ctx: PluginContext<MockSettings> = { wallet: WALLET, settings: settings(settingsInput), logger, store, links, clock };
  const instance = await plugin.create(ctx);
  return { ctx, store, logger, clock, instance };
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
    returnUrl: `${PUBLIC_URL}/orders/${traceId}/return`,
    webhookUrl: `${PUBLIC_URL}/webhooks/${WALLET}`,
    ...overrides,
  };
}

export interface ReceivedWebhook {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly rawBody: string;
}

/** A real HTTP receiver on 127.0.0.1, standing in for the broker's webhook route. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** What the next deliveries are answered with. */
  status = 200;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const receiver: WebhookReceiver = new WebhookReceiver(
      createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          receiver.received.push({
            method: req.method ?? '',
            url: req.url ?? '',
            headers: flatHeaders(req.headers),
            rawBody: Buffer.concat(chunks).toString('utf8'),
          });
          res.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{"received":true}');
        });
      }),
    );
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path = '/webhooks/mock_test'): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${path}`;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** A request to one of the plugin's routes, as the host would pass it. */
export function routeRequest(method: 'GET' | 'POST', path: string, params: Record<string, string>) {
  return { method, path, params, query: {}, headers: {}, rawBody: '', form: {} };
}

export function findRoute(instance: Harness['instance'], method: 'GET' | 'POST', path: string): PluginRoute {
  const route = instance.routes?.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`no route ${method} ${path}`);
  return route;
}

/** GET the checkout page of a payment, as the host would route it. */
export function checkoutPage(h: Harness, paymentId: string): Promise<PluginHttpResponse> {
  return findRoute(h.instance, 'GET', '/checkout/:payment').handle(routeRequest('GET', `/checkout/${paymentId}`, { payment: paymentId }));
}

/** Presses Pay or Fail on a payment's checkout page. */
export function pressButton(h: Harness, paymentId: string, button: 'pay' | 'fail'): Promise<PluginHttpResponse> {
  return findRoute(h.instance, 'POST', `/checkout/:payment/${button}`).handle(
    routeRequest('POST', `/checkout/${paymentId}/${button}`, { payment: paymentId }),
  );
}

/** A local URL nobody listens on: a port that was free a moment ago. */
export async function unreachableUrl(): Promise<string> {
  const receiver = await WebhookReceiver.start();
  const url = receiver.url();
  await receiver.close();
  return url;
}
