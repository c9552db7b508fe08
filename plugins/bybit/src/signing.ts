import { hmacSha256Hex } from '@mixpay-broker/plugin-api';

/*
 * Bybit's request signing for the API keys its portal generates (HMAC; the self-generated RSA keys
 * are not supported here):
 *   X-BAPI-SIGN = hex HMAC-SHA256(apiSecret, timestamp + apiKey + recvWindow + payload)
 * where payload is the exact JSON body of a POST, or the unescaped query string of a GET.
 */

export interface SigningKeys {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly recvWindowMs: number;
}

/** The string that is signed; exported so tests can show what goes into it. */
export function signedText(keys: SigningKeys, timestampMs: number, payload: string): string {
  return `${timestampMs}${keys.apiKey}${keys.recvWindowMs}${payload}`;
}

export function sign(keys: SigningKeys, timestampMs: number, payload: string): string {
  return hmacSha256Hex(keys.apiSecret, signedText(keys, timestampMs, payload));
}

/** Every header a Bybit Pay call carries; `Version: 5.00` is required by the QR payment endpoints. */
export function signedHeaders(keys: SigningKeys, timestampMs: number, payload: string): Record<string, string> {
  return {
    'X-BAPI-API-KEY': keys.apiKey,
    'X-BAPI-TIMESTAMP': String(timestampMs),
    'X-BAPI-RECV-WINDOW': String(keys.recvWindowMs),
    'X-BAPI-SIGN': sign(keys, timestampMs, payload),
    'Content-Type': 'application/json',
    Version: '5.00',
  };
}

/**
 * A GET's query, in the order given: `signed` is the unescaped text Bybit signs over,
 * `sent` the same pairs percent-encoded for the URL.
 */
export function queryString(params: ReadonlyArray<readonly [string, string]>): { readonly signed: string; readonly sent: string } {
  return {
    signed: params.map(([k, v]) => `${k}=${v}`).join('&'),
    sent: params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  };
}
