import { randomInt } from 'node:crypto';
import { hmacSha512Hex } from '@mixpay-broker/plugin-api';

/*
 * Binance Pay request signing (developers.binance.com/docs/binance-pay/api-common):
 *   payload   = timestamp + "\n" + nonce + "\n" + body + "\n"   (LF only, trailing LF)
 *   signature = UPPERCASE hex HMAC-SHA512(secret, payload)
 * `body` is the exact string that is sent: serialise once, sign it, post it.
 * Webhooks are signed over the same payload shape, with Binance's RSA key instead.
 */

export const HEADER = {
  timestamp: 'BinancePay-Timestamp',
  nonce: 'BinancePay-Nonce',
  certificateSn: 'BinancePay-Certificate-SN',
  signature: 'BinancePay-Signature',
} as const;

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 letters and digits, uniformly drawn (no modulo bias). */
export function newNonce(): string {
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return nonce;
}

export function signaturePayload(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export function requestSignature(secret: string, timestamp: string, nonce: string, body: string): string {
  return hmacSha512Hex(secret, signaturePayload(timestamp, nonce, body)).toUpperCase();
}

export interface SigningKeys {
  readonly apiKey: string;
  readonly apiSecret: string;
}

/** The headers of one signed call; `body` must be the exact string that will be sent. */
export function signedHeaders(keys: SigningKeys, body: string, nowMs: number, nonce: string = newNonce()): Record<string, string> {
  const timestamp = String(nowMs);
  return {
    'content-type': 'application/json',
    [HEADER.timestamp]: timestamp,
    [HEADER.nonce]: nonce,
    [HEADER.certificateSn]: keys.apiKey,
    [HEADER.signature]: requestSignature(keys.apiSecret, timestamp, nonce, body),
  };
}
