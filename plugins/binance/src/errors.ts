import type { HttpFailure, WalletFailure } from '@mixpay-broker/plugin-api';

/*
 * Binance Pay result codes (result-code tables of the api-order-* pages) as the broker's failures.
 * Only 400000, HTTP 429 and 5xx, network errors and timeouts are worth repeating as they are;
 * everything else needs a different request or an operator.
 */

export const CODE = {
  success: '000000',
  unknownError: '400000',
  duplicateTradeNo: '400201',
  orderNotFound: '400202',
  invalidOrderStatus: '400204',
} as const;

export const rejected = (message: string, providerCode?: string): WalletFailure => ({
  reason: 'rejected',
  message,
  providerCode,
  retryable: false,
});

/** Why a code was refused, in words an operator can act on. */
const REJECTIONS: Readonly<Record<string, string>> = {
  '400001': 'invalid request',
  '400002': 'signature refused: check apiSecret',
  '400003': 'timestamp refused: check the broker host clock (NTP); Binance allows about 1 s',
  '400004': 'API key or IP refused: use a Binance Pay merchant key and whitelist the broker IP',
  '400005': 'API key format refused: check apiKey',
  '400201': 'merchantTradeNo invalid or already used',
  '400203': 'merchant account status does not allow this',
  '400204': 'order status does not allow this (paid, or a payment is in progress)',
  '400301': 'invalid prepayId',
  '400302': 'too many refund attempts (at most 10 per order)',
  '400303': 'invalid refund amount',
  '400304': 'merchant balance too low for this refund',
  '100001001': 'wrong method, content-type or missing body',
};

export function failureForCode(code: string, httpStatus: number, providerMessage: string): WalletFailure {
  const detail = providerMessage ? `: ${providerMessage}` : '';
  if (code === CODE.unknownError) {
    return { reason: 'unavailable', message: `Binance Pay unknown error ${code}${detail}`, providerCode: code, retryable: true };
  }
  if (code === CODE.orderNotFound) {
    return { reason: 'not_found', message: `Binance Pay order not found (${code})${detail}`, providerCode: code, retryable: false };
  }
  const known = REJECTIONS[code] ?? (/^4001\d\d$/.test(code) ? 'parameter error' : undefined);
  if (known) return rejected(`Binance Pay ${code}, ${known}${detail}`, code);
  return failureForStatus(httpStatus, `Binance Pay error ${code}${detail}`, code);
}

/** A failure without a usable Binance code: judge by the HTTP status. */
export function failureForStatus(httpStatus: number, message: string, providerCode?: string): WalletFailure {
  if (httpStatus >= 500 || httpStatus === 429) {
    return { reason: 'unavailable', message: `${message} (HTTP ${httpStatus})`, providerCode, retryable: true };
  }
  if (providerCode !== undefined) return rejected(`${message} (HTTP ${httpStatus})`, providerCode);
  return { reason: 'invalid_response', message: `${message} (HTTP ${httpStatus})`, retryable: false };
}

export function failureForHttp(failure: HttpFailure): WalletFailure {
  return failure.kind === 'timeout'
    ? { reason: 'timeout', message: `Binance Pay did not answer in time (${failure.message})`, retryable: true }
    : { reason: 'unavailable', message: `Binance Pay unreachable (${failure.message})`, retryable: true };
}
