import { defineSettings, z } from '@mixpay-broker/plugin-api';

/*
 * Binance Pay settings for one wallet identifier. The host resolves `{"env": "BINANCE_API_KEY"}`
 * references before validation, so the key and secret arrive here as plain strings.
 * The currency of each asset comes from the wallet's asset config (CheckoutRequest.currency).
 */

export const TERMINAL_TYPES = ['APP', 'WEB', 'WAP', 'MINI_PROGRAM', 'OTHERS'] as const;

/** Names the unknown keys and the allowed ones, so a typo in the config file is obvious. */
const unknownKeys =
  (where: string, allowed: readonly string[]) =>
  (issue: { code?: string; keys?: string[] }): string | undefined =>
    issue.code === 'unrecognized_keys'
      ? `unknown ${where} ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(', ')} (allowed: ${allowed.join(', ')})`
      : undefined;

const text = (name: string, min: number, max: number) =>
  z
    .string({ error: `${name} must be a string` })
    .min(min, { error: `${name} must be at least ${min} characters` })
    .max(max, { error: `${name} must be at most ${max} characters` });

const wholeNumber = (name: string, unit: string, min: number, max: number) =>
  z
    .number({ error: `${name} must be a whole number of ${unit}` })
    .int({ error: `${name} must be a whole number of ${unit}` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

const GOODS_KEYS = ['goodsType', 'goodsCategory', 'referenceGoodsId', 'goodsName', 'description'];

const goodsSchema = z
  .object(
    {
      goodsType: z.enum(['01', '02'], { error: 'goods.goodsType must be "01" (tangible) or "02" (virtual)' }).default('02'),
      goodsCategory: z
        .string({ error: 'goods.goodsCategory must be a string' })
        .regex(/^[0-9A-Z]000$/, { error: 'goods.goodsCategory must be a Binance category code such as "Z000" (others)' })
        .default('Z000'),
      referenceGoodsId: text('goods.referenceGoodsId', 1, 64).default('mixpay-order'),
      goodsName: text('goods.goodsName', 1, 256).default('MixPay order'),
      description: text('goods.description', 1, 256).default('Payment through MixPay'),
    },
    { error: unknownKeys('key in goods:', GOODS_KEYS) },
  )
  .strict();

const SETTING_KEYS = [
  'apiKey',
  'apiSecret',
  'baseUrl',
  'terminalType',
  'goods',
  'webhookToleranceSeconds',
  'requestTimeoutMs',
  'maxOrderLifetimeSeconds',
];

const settingsSchema = defineSettings(
  z
    .object(
      {
        apiKey: text('apiKey', 16, 256),
        apiSecret: text('apiSecret', 16, 256),
        baseUrl: z
          .url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL such as https://bpay.binanceapi.com' })
          .default('https://bpay.binanceapi.com'),
        terminalType: z.enum(TERMINAL_TYPES, { error: `terminalType must be one of ${TERMINAL_TYPES.join(', ')}` }).default('WEB'),
        goods: goodsSchema.prefault({}),
        webhookToleranceSeconds: wholeNumber('webhookToleranceSeconds', 'seconds', 1, 86_400).default(300),
        requestTimeoutMs: wholeNumber('requestTimeoutMs', 'milliseconds', 1, 120_000).default(10_000),
        // Binance documents a 1 h default; one unverified note allows up to 15 days for v3.
        maxOrderLifetimeSeconds: wholeNumber('maxOrderLifetimeSeconds', 'seconds', 60, 15 * 86_400).default(3600),
      },
      { error: unknownKeys('setting', SETTING_KEYS) },
    )
    .strict(),
);

export type BinanceSettings = z.output<typeof settingsSchema>;

export default settingsSchema;
