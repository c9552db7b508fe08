import { randomUUID } from 'node:crypto';
import { STORE_KEY_MAX_LENGTH } from '../context.js';
import { pluginLinks, webhookUrl } from '../links.js';
import type {
  CheckoutRequest,
  Clock,
  LogFields,
  Logger,
  PluginContext,
  PluginHttpRequest,
  PluginLinks,
  PluginRoute,
  PluginStore,
  WalletPluginInstance,
} from '../index.js';

/*
 * The host's services as a plugin's tests need them: an in-memory store, a logger that keeps its
 * lines, a settable clock, the links, and a checkout request builder. The conformance kit builds
 * its context from these; a plugin's own specs can use them too.
 */

/** The durable store refuses longer keys; so does this one, so a plugin's unit tests notice. */
function checkKey(key: string): void {
  if (key.length > STORE_KEY_MAX_LENGTH) throw new Error(`store key of ${key.length} characters; at most ${STORE_KEY_MAX_LENGTH}`);
}

/** JSON round trip on every put and get, so a test notices anything a durable store would not keep. */
export class MemoryStore implements PluginStore {
  readonly data = new Map<string, string>();

  async get<T>(key: string): Promise<T | null> {
    checkKey(key);
    const text = this.data.get(key);
    return text === undefined ? null : (JSON.parse(text) as T);
  }

  async put(key: string, value: unknown): Promise<void> {
    checkKey(key);
    this.data.set(key, JSON.stringify(value));
  }

  async putIfAbsent(key: string, value: unknown): Promise<boolean> {
    checkKey(key);
    if (this.data.has(key)) return false;
    this.data.set(key, JSON.stringify(value));
    return true;
  }

  /** The keys written so far that start with `prefix`, in the order they were first written. */
  keys(prefix = ''): string[] {
    return [...this.data.keys()].filter((key) => key.startsWith(prefix));
  }
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: LogFields;
  readonly message: string;
}

/** A logger that keeps every line (children write into the same list), for "this is never logged" checks. */
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

  /** Every line as text (errors with their message and stack), to search for what must never be logged. */
  text(): string {
    return this.lines.map(logLineText).join('\n');
  }
}

/** One log line as the text a log file would hold; Error values keep their message, stack and cause. */
export function logLineText(line: LogLine): string {
  return `${line.level} ${line.message} ${JSON.stringify(line.fields, errorsAsText)}`;
}

function errorsAsText(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { ...value, name: value.name, message: value.message, stack: value.stack, cause: value.cause };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export const DEFAULT_TEST_TIME = new Date('2025-06-01T12:00:00.000Z');

export class TestClock implements Clock {
  private current: Date;

  constructor(start: Date = DEFAULT_TEST_TIME) {
    this.current = new Date(start.getTime());
  }
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

export const TEST_PUBLIC_URL = 'https://broker.test';

/** The links the host gives a wallet identifier, on PUBLIC_URL `publicUrl`. */
export function testLinks(wallet: string, publicUrl: string = TEST_PUBLIC_URL): PluginLinks {
  return pluginLinks(publicUrl, wallet);
}

export interface TestContext<Settings> {
  readonly ctx: PluginContext<Settings>;
  readonly store: MemoryStore;
  readonly logger: CollectingLogger;
  readonly clock: TestClock;
}

/** A plugin context as the host builds it, from already validated settings. */
export function testContext<Settings>(
  settings: Settings,
  options: { wallet?: string; publicUrl?: string; store?: MemoryStore; logger?: CollectingLogger; clock?: TestClock } = {},
): TestContext<Settings> {
  const wallet = options.wallet ?? 'test_wallet';
  const store = options.store ?? new MemoryStore();
  const logger = options.logger ?? new CollectingLogger();
  const clock = options.clock ?? new TestClock();
  const ctx: PluginContext<Settings> = { wallet, settings, logger, store, clock, links: testLinks(wallet, options.publicUrl) };
  return { ctx, store, logger, clock };
}

export interface CheckoutRequestOptions {
  readonly wallet?: string;
  readonly publicUrl?: string;
  /** Defaults to 10.5 USDT plus a 0.105 fee. */
  readonly asset?: {
    readonly assetId: string;
    readonly currency: string;
    readonly amount: string;
    readonly fee: string;
    readonly payAmount: string;
  };
  /** "Now", for the deadline; defaults to the default test time. */
  readonly now?: Date;
  /** How long the payer has: MixPay's expired_at minus now. Default 30 minutes. */
  readonly lifetimeSeconds?: number;
  readonly memo?: string;
}

export const USDT_ASSET_ID = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';

/** A checkout request as the host sends it: a fresh trace id each call, merchantTradeNo = the trace id without dashes. */
export function checkoutRequest(options: CheckoutRequestOptions = {}, overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  const wallet = options.wallet ?? 'test_wallet';
  const publicUrl = options.publicUrl ?? TEST_PUBLIC_URL;
  const asset = options.asset ?? { assetId: USDT_ASSET_ID, currency: 'USDT', amount: '10.5', fee: '0.105', payAmount: '10.605' };
  const now = options.now ?? DEFAULT_TEST_TIME;
  const traceId = randomUUID();
  return {
    wallet,
    traceId,
    merchantTradeNo: traceId.replaceAll('-', ''),
    assetId: asset.assetId,
    currency: asset.currency,
    amount: asset.amount,
    fee: asset.fee,
    payAmount: asset.payAmount,
    memo: options.memo ?? 'conformance test order',
    expiresAt: new Date(now.getTime() + (options.lifetimeSeconds ?? 1800) * 1000),
    returnUrl: `${publicUrl}/return/${traceId}`,
    webhookUrl: webhookUrl(publicUrl, wallet),
    ...overrides,
  };
}

/** A request to one of the plugin's own routes, as the host would pass it. */
export function routeRequest(
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, string> = {},
  extra: Partial<Omit<PluginHttpRequest, 'method' | 'path' | 'params'>> = {},
): PluginHttpRequest {
  return { method, path, params, query: {}, headers: {}, rawBody: '', form: {}, ...extra };
}

/** One of the plugin's own routes, by method and path pattern (`/checkout/:payment`); throws when the plugin has none such. */
export function findRoute(instance: Pick<WalletPluginInstance, 'routes'>, method: PluginRoute['method'], path: string): PluginRoute {
  const route = instance.routes?.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`no route ${method} ${path}`);
  return route;
}

/** Header names in lower case, as the host hands them to verifyWebhook. */
export function lowerCaseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
