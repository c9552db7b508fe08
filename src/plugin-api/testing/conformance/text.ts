import type { CheckoutRequest, PaymentRef, Result, WebhookRejection } from '../../index.js';

/** A refund request as the host sends it (built as a value, so it fits the contract as it grows). */
export function refundOf(payment: PaymentRef, request: CheckoutRequest, refundId: string, amount: string) {
  const refund = { refundId, payment, amount, paidAmount: request.payAmount, currency: request.currency, reason: 'conformance kit refund' };
  return refund;
}

export function isHttpUrl(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '';
  } catch {
    return false;
  }
}

/** Changes one character of the body: the last digit of the amount where it appears, else the middle one. */
export function alterBody(rawBody: string, amount?: string): string {
  const at = amount ? rawBody.indexOf(amount) : -1;
  const index = at >= 0 ? at + amount!.length - 1 : Math.floor(rawBody.length / 2);
  return flipCharacter(rawBody, index);
}

/** Replaces the character at `index` by a different one of the same kind (digit for digit). */
export function flipCharacter(text: string, index: number): string {
  const c = text.charAt(index);
  const replacement = /\d/.test(c) ? String((Number(c) + 1) % 10) : c === 'x' ? 'y' : 'x';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

export function failureText(result: Result<unknown, { reason: string; message: string }>): string {
  return result.ok ? '' : `${result.error.reason}: ${result.error.message}`;
}

export function rejectionText(result: Result<unknown, WebhookRejection>): string {
  return result.ok ? '' : `${result.error.reason}: ${result.error.message}`;
}
