/** The three answers MixPay's protocol knows for a refused request. */
export const MIXPAY_CODES = {
  parameter: 11000,
  permission: 11001,
  unavailable: 11002,
} as const;

export type MixPayErrorCode = (typeof MIXPAY_CODES)[keyof typeof MIXPAY_CODES];

export interface MixPayError {
  readonly code: MixPayErrorCode;
  readonly message: string;
}

export const parameterError = (field: string, problem: string): MixPayError => ({
  code: MIXPAY_CODES.parameter,
  message: `Parameter error: ${field} ${problem}.`,
});

export const noPermission = (): MixPayError => ({ code: MIXPAY_CODES.permission, message: 'No permission.' });

export const unavailable = (): MixPayError => ({
  code: MIXPAY_CODES.unavailable,
  message: 'This payment is unavailable.',
});
