import { isIP } from 'node:net';
import { z } from 'zod';
import { PLAIN_DECIMAL, decimalPlaces } from '../domain/money/decimal.js';
import { Dec } from '../domain/money/decimal.js';
import { CANONICAL_UUID } from '../domain/shared/uuid.js';

const uuid = z.string().regex(CANONICAL_UUID, 'must be a lower-case UUID with dashes');

/** Amounts in config are strings, so no float ever touches money. */
const amount = z
  .string({ error: 'must be a decimal string such as "10.5"' })
  .regex(PLAIN_DECIMAL, 'must be a plain decimal string such as "10.5"')
  .refine((s) => decimalPlaces(s) <= 8, 'must have at most 8 decimals');

const feeRate = z
  .string({ error: 'must be a decimal string such as "0.01" (1 %)' })
  .regex(PLAIN_DECIMAL, 'must be a plain decimal fraction such as "0.01" (1 %)')
  .refine((s) => !PLAIN_DECIMAL.test(s) || new Dec(s).lessThan(1), 'must be a fraction below 1 ("0.01" = 1 %)');

const assetTerms = z
  .object({
    min: amount,
    max: amount,
    fee: feeRate,
    currency: z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'must be the provider currency code, e.g. "USDT"'),
  })
  .strict()
  // Only compare values that are numbers at all; the field rules above already name the others.
  .refine((a) => !bothDecimal(a) || new Dec(a.min).lessThanOrEqualTo(a.max), { message: 'min must not exceed max', path: ['min'] })
  .refine((a) => !PLAIN_DECIMAL.test(a.min) || new Dec(a.min).greaterThan(0), { message: 'must be above 0', path: ['min'] });

function bothDecimal(a: { min: string; max: string }): boolean {
  return PLAIN_DECIMAL.test(a.min) && PLAIN_DECIMAL.test(a.max);
}

export const WALLET_ID = /^[a-z0-9_-]{1,20}$/;

const wallet = z
  .object({
    plugin: z.string().regex(/^[a-z0-9_-]{1,64}$/, 'must name a plugin (lower-case letters, digits, _ and -)'),
    enabled: z.boolean().default(true),
    payees: z
      .object({ allow: z.array(uuid).optional(), deny: z.array(uuid).optional() })
      .strict()
      .default({}),
    assets: z.record(uuid, assetTerms).refine((a) => Object.keys(a).length > 0, 'must offer at least one asset'),
    /** Plugin-specific; checked by the plugin's own schema when it loads. `{"env": "NAME"}` reads a secret. */
    settings: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const sandboxAsset = z
  .object({
    symbol: z.string().optional(),
    balance: amount,
    usd_price: z.string().regex(PLAIN_DECIMAL, 'must be a plain decimal string such as "1.0002"'),
  })
  .strict();

const envRef = z.object({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must name an environment variable') }).strict();
const secretOrEnv = z.union([z.string().min(1), envRef]);

const seconds = z.number().int().positive();

const settlement = z
  .object({
    maxAttempts: z.number().int().min(1).max(100).default(8),
    baseDelayMs: z.number().int().min(10).default(1_000),
    maxDelayMs: z.number().int().min(10).default(300_000),
    refundMaxAttempts: z.number().int().min(1).max(100).default(8),
    refundBaseDelayMs: z.number().int().min(10).default(5_000),
    refundMaxDelayMs: z.number().int().min(10).default(1_800_000),
    leaseMs: z.number().int().min(1_000).default(60_000),
    /** Due transfers (and refunds) one process claims at a time; also how many transfers it keeps in flight. */
    batchSize: z.number().int().min(1).max(500).default(64),
    /** Transfers of one asset one process sends at once, each on its own outputs. */
    inFlightPerAsset: z.number().int().min(1).max(128).default(32),
    checkAfterSeconds: z.array(seconds).min(1).default([60, 300, 900, 3600]),
  })
  .strict();

const workers = z
  .object({
    enabled: z.boolean().default(true),
    settleEveryMs: z.number().int().min(10).default(1_000),
    refundEveryMs: z.number().int().min(10).default(2_000),
    incomingEveryMs: z.number().int().min(10).default(5_000),
    reconcileEveryMs: z.number().int().min(10).default(5_000),
    balanceSyncEveryMs: z.number().int().min(10).default(10_000),
  })
  .strict();

const alerts = z
  .object({
    /** POST JSON (Slack-compatible `text`) here; usually `{"env": "ALERT_WEBHOOK_URL"}`. */
    webhookUrl: secretOrEnv.optional(),
    minIntervalSeconds: z.number().int().min(1).default(300),
    /** Alert when an asset's available balance falls under this amount. */
    lowBalance: z.record(uuid, amount).default({}),
  })
  .strict();

/** Each keystore field is a value or (better) `{"env": "NAME"}`; or the whole keystore is a JSON file. */
const mixinTreasury = z
  .object({
    keystore: z
      .object({
        app_id: secretOrEnv,
        session_id: secretOrEnv,
        server_public_key: secretOrEnv,
        session_private_key: secretOrEnv,
        spend_private_key: secretOrEnv,
      })
      .strict()
      .optional(),
    keystoreFile: secretOrEnv.optional(),
    baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.mixin.one'),
    timeoutMs: z.number().int().min(100).default(10_000),
    /** Outputs per asset the pool keeps for parallel transfers (split up when short, merged when over 200). */
    poolOutputs: z.number().int().min(1).max(200).default(128),
  })
  .strict()
  .refine((m) => Boolean(m.keystore) !== Boolean(m.keystoreFile), {
    message: 'give either keystore (fields, usually {"env": …}) or keystoreFile, not both and not neither',
  });

const walletGuard = z
  .object({
    /** After this many consecutive plugin exceptions a wallet stops taking new orders until re-enabled. */
    maxConsecutiveFailures: z.number().int().min(1).default(5),
  })
  .strict();

/** An IPv4/IPv6 address or a CIDR range, as node:net's BlockList reads it. */
const network = z.string().refine((s) => isNetwork(s), 'must be an IP address or a CIDR range such as "10.0.0.0/8" or "2001:db8::/32"');

function isNetwork(s: string): boolean {
  const [address, bits, ...rest] = s.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** Limits of the HTTP server itself; a slow or idle client is cut off, not waited for. */
const http = z
  .object({
    /** Time for a client to send its request headers. */
    headersTimeoutMs: z.number().int().min(100).max(300_000).default(10_000),
    /** Time for a client to send its whole request (headers and body). */
    requestTimeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    /** How long an idle keep-alive connection is kept between requests. */
    keepAliveTimeoutMs: z.number().int().min(100).max(300_000).default(5_000),
    /** Open connections beyond this are refused at once. */
    maxConnections: z.number().int().min(1).max(100_000).default(512),
    /** X-Forwarded-For is believed only from these peers (the load balancer in front); empty: never. */
    trustedProxies: z.array(network).default([]),
    /** On SIGTERM, how long requests in flight may take to finish before their connections are closed. */
    shutdownGraceMs: z.number().int().min(0).max(300_000).default(10_000),
  })
  .strict();

const metrics = z
  .object({
    /** GET /metrics without the admin token (for a scraper on a private network); otherwise the token is needed. */
    public: z.boolean().default(false),
  })
  .strict();

const returnUrlPolicy = z
  .object({
    /** Plain http return_url values; for development only. */
    allowHttp: z.boolean().default(false),
    /** When non-empty, return_url must be on one of these hosts (exact, or a subdomain of a "*.example.com" entry). */
    allowedHosts: z
      .array(z.string().regex(/^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/, 'must be a lower-case host name such as "mixpay.me" or "*.mixpay.me"'))
      .default([]),
  })
  .strict();

/** Bounds on what an anonymous create_order caller can hold open (MixPay's protocol has no caller authentication). */
const mixpay = z
  .object({
    /** When non-empty, /mixpay/* answers only callers from these networks (MixPay's egress addresses). */
    allowFrom: z.array(network).default([]),
    /** expired_at may lie at most this far ahead; an order holds its reservation no longer. */
    maxOrderLifetimeSeconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .default(86_400),
    /** Unfinished orders (balance still reserved) one payee may hold at once; beyond it create_order answers 11002. */
    maxOpenOrdersPerPayee: z.number().int().min(1).max(1_000_000).default(100),
    returnUrl: returnUrlPolicy.default(returnUrlPolicy.parse({})),
  })
  .strict();

export const brokerConfigSchema = z
  .object({
    http: http.default(http.parse({})),
    metrics: metrics.default(metrics.parse({})),
    mixpay: mixpay.default(mixpay.parse({})),
    walletGuard: walletGuard.default(walletGuard.parse({})),
    settlement: settlement.default(settlement.parse({})),
    workers: workers.default(workers.parse({})),
    alerts: alerts.default(alerts.parse({})),
    wallets: z.record(z.string().regex(WALLET_ID, 'wallet identifiers are 1-20 of a-z 0-9 _ -'), wallet),
    treasury: z
      .object({
        sandbox: z
          .object({ assets: z.record(uuid, sandboxAsset).default({}) })
          .strict()
          .default({ assets: {} }),
        /** The real bot. Present: transfers go through Mixin's Safe API; absent: the sandbox treasury. */
        mixin: mixinTreasury.optional(),
      })
      .strict()
      .default({ sandbox: { assets: {} } }),
  })
  .strict()
  // A worker records a transfer only while it holds the row's lease: a Mixin call must end before it runs out.
  .refine((c) => !c.treasury.mixin || c.settlement.leaseMs > c.treasury.mixin.timeoutMs, {
    message: 'must be longer than treasury.mixin.timeoutMs (a transfer is recorded only while its lease holds)',
    path: ['settlement', 'leaseMs'],
  });

export type BrokerConfigFile = z.infer<typeof brokerConfigSchema>;
/** The config as written (defaults not yet applied). */
export type BrokerConfigInput = z.input<typeof brokerConfigSchema>;
export type WalletConfig = z.infer<typeof wallet>;
export type HttpSettings = z.infer<typeof http>;
export type MixPaySettings = z.infer<typeof mixpay>;
