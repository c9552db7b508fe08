import type { PluginLinks, WalletEventKind, WebhookAck } from '../index.js';
import type { CollectingLogger, MemoryStore, TestClock } from './doubles.js';

/*
 * What a plugin tells the conformance kit about itself: `plugins/<name>/test/conformance.fixture.ts`
 * default-exports one of these (write it with `defineConformanceFixture` for the types).
 */

type MaybePromise<T> = T | Promise<T>;

/** The payment notifications the kit signs and checks. */
export type PaymentEventKind = Extract<WalletEventKind, 'payment.succeeded' | 'payment.failed' | 'payment.expired'>;

/** What the fake provider can be made to report on a query. */
export type SettledState = 'paid' | 'expired' | 'failed';

export interface InvalidSettings {
  /** A whole settings object (as after `{"env": …}` resolution) that the schema must refuse. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The setting at fault: the schema's message must contain this text (`apiKey`, `goods.goodsName`). */
  readonly field: string;
  /** What is wrong, for the test title ("apiSecret too short"). */
  readonly why?: string;
}

export interface ConformanceAsset {
  readonly assetId: string;
  /** The provider's currency code, as the wallet's asset config gives it. */
  readonly currency: string;
  /** What MixPay receives. */
  readonly amount: string;
  /** The broker's fee. */
  readonly fee: string;
  /** amount + fee: what the payer is charged, and what the provider must receive. */
  readonly payAmount: string;
}

/** The per-test world the kit builds; `setup` gets it before the plugin instance is created. */
export interface ConformanceWorld {
  readonly wallet: string;
  /** The valid settings after the plugin's schema (defaults filled in). */
  readonly settings: unknown;
  /** The plugin's own store: fakes of self-contained providers (the mock) read and change it. */
  readonly store: MemoryStore;
  readonly clock: TestClock;
  readonly logger: CollectingLogger;
  readonly links: PluginLinks;
}

/** A payment as the provider knows it. */
export interface PaymentAtProvider {
  readonly merchantTradeNo: string;
  readonly paymentId: string;
}

export interface ReceivedCheckout {
  /** The amount the provider was asked to charge, as the text it received. */
  readonly amount: string;
  readonly currency?: string;
}

export interface ReceivedRefund {
  /** What the provider de-duplicates refunds by (Binance refundRequestId, Bybit merchantRefundNo, an Idempotency-Key header). */
  readonly idempotencyKey: string;
  readonly amount: string;
}

/** The fake provider of one test, as `setup` returns it. */
export interface FakeProviderHandle {
  /** What the provider received when the order with this reference was created; undefined if it never was. */
  receivedCheckout(merchantTradeNo: string): MaybePromise<ReceivedCheckout | undefined>;
  /** From now on, the provider reports this payment in `state` (on queries; refunds need `paid`). */
  settle(payment: PaymentAtProvider, state: SettledState): MaybePromise<void>;
  /** Every refund request the provider received in this test, in order (repeats included). */
  receivedRefunds(): MaybePromise<readonly ReceivedRefund[]>;
  /** Stops a local server, removes interceptors. The kit also runs nock.cleanAll() after each test. */
  close?(): MaybePromise<void>;
}

export interface WebhookToSign {
  readonly kind: PaymentEventKind;
  readonly merchantTradeNo: string;
  readonly paymentId: string;
  /** What the payer paid, as the provider would write it. */
  readonly amount: string;
  readonly currency: string;
  /** The signing time the provider would put in the notification. */
  readonly at: Date;
  /** Sign with a key or secret the plugin does not trust (the "wrong signature" test). */
  readonly wrongKey: boolean;
}

export interface SignedWebhook {
  /** The body exactly as the provider sends it. */
  readonly rawBody: string;
  /** The headers the provider sends; the kit lower-cases the names, as the host does. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface ConformanceFixture {
  /** The plugin's manifest name, for the test titles. */
  readonly name: string;
  readonly settings: {
    /** Settings that work with the fake provider, as the host passes them to the schema: `{"env": …}` already resolved. */
    readonly valid: Readonly<Record<string, unknown>>;
    /** Every secret value in `valid` (keys, secrets, tokens): none may appear in any log line. */
    readonly secrets: readonly string[];
    /** Settings the schema must refuse, each with the field its message must name. */
    readonly invalid: readonly InvalidSettings[];
  };
  /** The assets to try: links and the amount sent are checked for each. */
  readonly assets: readonly ConformanceAsset[];
  /** Fakes the provider for one test (nock interceptors, or a local server) before the plugin is created. */
  setup(world: ConformanceWorld): MaybePromise<FakeProviderHandle>;
  readonly webhooks: {
    /** Signs a notification as the provider would. */
    sign(input: WebhookToSign): MaybePromise<SignedWebhook>;
    /** Alters a signed notification after signing; default: one character of the body changes (the amount's, when found). */
    tamper?(signed: SignedWebhook): SignedWebhook;
    /** The payment notifications the provider sends; must include payment.succeeded. */
    readonly kinds: readonly PaymentEventKind[];
    /** How old (in seconds) a notification may be with the valid settings; the kit signs one older than this. */
    readonly toleranceSeconds: number;
    /**
     * True when verifyWebhook itself refuses a second delivery of the same signed notification (as `stale`).
     * False when it does not: the kit then checks both deliveries carry the same eventId, which the host's
     * event log de-duplicates.
     */
    readonly replayGuard: boolean;
    /** The answer the provider expects once the event is stored. */
    readonly ack: WebhookAck;
  };
  /** Where the kit's clock starts; default 2025-06-01T12:00:00Z. */
  readonly startAt?: Date;
}

/** Types a fixture; returns it unchanged. */
export function defineConformanceFixture(fixture: ConformanceFixture): ConformanceFixture {
  return fixture;
}

/** What is missing or wrong in a fixture (a default export of any shape); empty when it is usable. */
export function fixtureProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (value === null || typeof value !== 'object')
    return ['the default export is not a fixture object (use defineConformanceFixture({…}))'];
  const f = value as Partial<ConformanceFixture>;
  if (typeof f.name !== 'string' || f.name === '') problems.push('name: the plugin name is missing');
  if (!f.settings || typeof f.settings.valid !== 'object' || f.settings.valid === null) problems.push('settings.valid is missing');
  if (!Array.isArray(f.settings?.secrets) || f.settings.secrets.length === 0)
    problems.push('settings.secrets must list the secret values in settings.valid');
  else if (f.settings.secrets.some((s) => typeof s !== 'string' || s.length < 4))
    problems.push('settings.secrets must be strings of at least 4 characters');
  if (!Array.isArray(f.settings?.invalid) || f.settings.invalid.length === 0)
    problems.push('settings.invalid must list at least one bad settings object');
  if (!Array.isArray(f.assets) || f.assets.length === 0) problems.push('assets must list at least one asset');
  if (typeof f.setup !== 'function') problems.push('setup(world) is missing');
  if (!f.webhooks || typeof f.webhooks.sign !== 'function') problems.push('webhooks.sign is missing');
  else {
    if (!Array.isArray(f.webhooks.kinds) || !f.webhooks.kinds.includes('payment.succeeded'))
      problems.push('webhooks.kinds must include payment.succeeded');
    if (typeof f.webhooks.toleranceSeconds !== 'number' || !(f.webhooks.toleranceSeconds > 0))
      problems.push('webhooks.toleranceSeconds must be a positive number');
    if (typeof f.webhooks.replayGuard !== 'boolean') problems.push('webhooks.replayGuard must be true or false');
    if (!f.webhooks.ack || typeof f.webhooks.ack.status !== 'number') problems.push('webhooks.ack is missing');
  }
  return problems;
}
