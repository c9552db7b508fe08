import { z } from 'zod';
import { PLAIN_DECIMAL, decimalPlaces } from '../domain/money/decimal.js';
import { Dec } from '../domain/money/decimal.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const uuid = z.string().regex(UUID, 'must be a lower-case UUID with dashes');

/** Amounts in config are strings, so no float ever touches money. */
const amount = z
  .string({ error: 'must be a decimal string such as "10.5"' })
  .regex(PLAIN_DECIMAL, 'must be a plain decimal string such as "10.5"')
  .refine((s) => decimalPlaces(s) <= 8, 'must have at most 8 decimals');

const feeRate = z
  .string({ error: 'must be a decimal string such as "0.01" (1 %)' })
  .regex(PLAIN_DECIMAL, 'must be a plain decimal fraction such as "0.01" (1 %)')
  .refine((s) => new Dec(s).lessThan(1), 'must be a fraction below 1 ("0.01" = 1 %)');

const assetTerms = z
  .object({
    min: amount,
    max: amount,
    fee: feeRate,
    currency: z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'must be the provider currency code, e.g. "USDT"'),
  })
  .strict()
  .refine((a) => new Dec(a.min).lessThanOrEqualTo(a.max), { message: 'min must not exceed max', path: ['min'] })
  .refine((a) => new Dec(a.min).greaterThan(0), { message: 'must be above 0', path: ['min'] });

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

export const brokerConfigSchema = z
  .object({
    wallets: z.record(z.string().regex(WALLET_ID, 'wallet identifiers are 1-20 of a-z 0-9 _ -'), wallet),
    treasury: z
      .object({
        sandbox: z.object({ assets: z.record(uuid, sandboxAsset).default({}) }).strict().default({ assets: {} }),
      })
      .strict()
      .default({ sandbox: { assets: {} } }),
  })
  .strict();

export type BrokerConfigFile = z.infer<typeof brokerConfigSchema>;
export type WalletConfig = z.infer<typeof wallet>;
