import { createPublicKey } from 'node:crypto';
import { defineSettings, z } from '@mixpay-broker/plugin-api';

/*
 * Bybit Pay's settings for one wallet identifier. The host resolves `{"env": "VAR"}` references
 * before validation, so the key, the secret and the platform public key arrive here as plain strings.
 */

export const DEFAULT_BASE_URL = 'https://api2.bybit.com';
/** Bybit's documented limits. */
export const MAX_RECV_WINDOW_MS = 10_000;
export const MAX_ORDER_LIFETIME_SECONDS = 3600;

const SETTING_NAMES = [
  'merchantId',
  'apiKey',
  'apiSecret',
  'platformPublicKey',
  'baseUrl',
  'recvWindowMs',
  'webhookToleranceSeconds',
  'requestTimeoutMs',
  'shoppingName',
  'goodsName',
  'mccCode',
  'maxOrderLifetimeSeconds',
] as const;

/** Names the unknown keys and the allowed ones, so a typo in the config file is obvious. */
const unknownKeys = (issue: { code?: string; keys?: string[] }): string | undefined =>
  issue.code === 'unrecognized_keys'
    ? `unknown setting ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(', ')} (allowed: ${SETTING_NAMES.join(', ')})`
    : undefined;

const text = (name: string, what: string) =>
  z
    .string({ error: `${name} must be a string (${what})` })
    .trim()
    .min(1, { error: `${name} must not be empty (${what})` });

const wholeNumber = (name: string, unit: string, min: number, max: number, maxNote = '') =>
  z
    .number({ error: `${name} must be a whole number of ${unit}` })
    .int({ error: `${name} must be a whole number of ${unit}` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}${maxNote}` });

/**
 * Environment variables often carry a PEM on one line with literal `\n`, and portals sometimes show
 * the key as bare base64 without the BEGIN/END lines; both become a PEM.
 */
const pemText = (value: string): string => {
  const text = value.replaceAll('\\n', '\n').trim();
  if (text.startsWith('-----BEGIN') || !/^[A-Za-z0-9+/=\s]+$/.test(text)) return text;
  const lines = text.replace(/\s+/g, '').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN PUBLIC KEY-----', ...lines, '-----END PUBLIC KEY-----'].join('\n');
};

const isRsaPublicKey = (pem: string): boolean => {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
};

const settingsSchema = defineSettings(
  z
    .object(
      {
        merchantId: text('merchantId', 'the merchant UID from the Bybit Pay merchant portal'),
        apiKey: text('apiKey', 'the Bybit Pay API key; read it from the environment with {"env": "…"}'),
        apiSecret: text('apiSecret', 'the Bybit Pay API secret; read it from the environment with {"env": "…"}'),
        platformPublicKey: z
          .string({ error: "platformPublicKey must be a string (Bybit's platform public key, PEM, from the merchant portal)" })
          .transform(pemText)
          .refine(isRsaPublicKey, {
            error: 'platformPublicKey must be an RSA public key (PEM, or its bare base64), as downloaded from the Bybit merchant portal',
          }),
        baseUrl: z
          .url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL such as https://api2.bybit.com' })
          .transform((url) => url.replace(/\/+$/, ''))
          .default(DEFAULT_BASE_URL),
        recvWindowMs: wholeNumber('recvWindowMs', 'milliseconds', 1, MAX_RECV_WINDOW_MS, " (Bybit's maximum)").default(5000),
        webhookToleranceSeconds: wholeNumber('webhookToleranceSeconds', 'seconds', 1, 3600).default(300),
        requestTimeoutMs: wholeNumber('requestTimeoutMs', 'milliseconds', 1, 120_000).default(10_000),
        shoppingName: text('shoppingName', 'the shop name Bybit shows the payer').default('MixPay'),
        goodsName: text('goodsName', 'the goods description Bybit shows the payer').default('MixPay payment'),
        mccCode: z
          .string({ error: 'mccCode must be a string of 4 digits (an ISO 18245 merchant category code)' })
          .regex(/^\d{4}$/, { error: 'mccCode must be 4 digits (an ISO 18245 merchant category code)' })
          .optional(),
        maxOrderLifetimeSeconds: wholeNumber(
          'maxOrderLifetimeSeconds',
          'seconds',
          60,
          MAX_ORDER_LIFETIME_SECONDS,
          " (Bybit's maximum, 1 hour)",
        ).default(MAX_ORDER_LIFETIME_SECONDS),
      },
      { error: unknownKeys },
    )
    .strict(),
);

export type BybitSettings = z.output<typeof settingsSchema>;

export default settingsSchema;
