import type { WalletFailure } from '@mixpay-broker/plugin-api';

/*
 * Bybit Pay's `retCode`s (error.mdx) as the broker's failures. Codes the flows recover from
 * themselves (400620 duplicate, 500103 already refunded) still have an entry: it is the answer
 * when recovery is not possible.
 */

export const RET_CODE = {
  success: '100000',
  signature: '400002',
  timestamp: '400003',
  notFound: '400004',
  orderTimeout: '400603',
  duplicateTradeNo: '400620',
  wrongAmount: '400621',
  internal: '500000',
  alreadyRefunded: '500103',
  notPaid: '500105',
} as const;

type Known = Pick<WalletFailure, 'reason' | 'retryable'> & { readonly meaning: string };

const KNOWN: Readonly<Record<string, Known>> = {
  [RET_CODE.signature]: { reason: 'rejected', retryable: false, meaning: 'signature refused (check apiKey and apiSecret)' },
  // Usually clock skew: the next attempt carries a new timestamp and may pass.
  [RET_CODE.timestamp]: { reason: 'rejected', retryable: true, meaning: 'timestamp outside the receive window (check the server clock)' },
  [RET_CODE.notFound]: { reason: 'not_found', retryable: false, meaning: 'order not found' },
  [RET_CODE.orderTimeout]: { reason: 'rejected', retryable: false, meaning: 'order timed out' },
  [RET_CODE.duplicateTradeNo]: { reason: 'rejected', retryable: false, meaning: 'duplicate merchantTradeNo' },
  [RET_CODE.wrongAmount]: { reason: 'rejected', retryable: false, meaning: 'wrong amount' },
  [RET_CODE.internal]: { reason: 'unavailable', retryable: true, meaning: 'Bybit internal error' },
  [RET_CODE.alreadyRefunded]: { reason: 'rejected', retryable: false, meaning: 'order already refunded' },
  [RET_CODE.notPaid]: { reason: 'rejected', retryable: false, meaning: 'order not paid' },
};

/** A `retCode` other than success, with Bybit's own message. */
export function failureFor(retCode: string, retMsg: string): WalletFailure {
  const known = KNOWN[retCode];
  const meaning = known?.meaning ?? 'refused';
  return {
    reason: known?.reason ?? 'rejected',
    retryable: known?.retryable ?? false,
    providerCode: retCode,
    message: `Bybit Pay ${meaning}: ${retCode} ${retMsg}`.trim(),
  };
}

/** An answer without a usable envelope: 5xx and 429 are worth another try, the rest is not. */
export function failureForHttp(status: number): WalletFailure {
  const retryable = status >= 500 || status === 429;
  return {
    reason: retryable ? 'unavailable' : 'invalid_response',
    retryable,
    providerCode: `HTTP ${status}`,
    message: `Bybit Pay answered HTTP ${status} without a Bybit envelope`,
  };
}

export const invalidResponse = (what: string): WalletFailure => ({
  reason: 'invalid_response',
  retryable: false,
  message: `Bybit Pay answer not understood: ${what}`,
});
