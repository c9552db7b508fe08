import type { MixPayError } from '../../../application/orders/mixpay-error.js';

/** MixPay's answer envelope; `data` is [] on errors, as the guide's examples show. */
export interface Envelope {
  code: number;
  success: boolean;
  message: string;
  data: unknown;
}

export const success = (data: unknown): Envelope => ({ code: 0, success: true, message: '', data });

export const failure = (error: MixPayError): Envelope => ({
  code: error.code,
  success: false,
  message: error.message,
  data: [],
});
