import { Amount } from '@mixpay-broker/plugin-api';

/* Amount checks on decimal text; nothing here turns money into a number. */

const parsed = (text: string): Amount | null => {
  try {
    return Amount.parse(text);
  } catch {
    return null;
  }
};

/** Plain decimal text with at most 8 decimals (0 allowed). */
export const isPlainAmount = (text: string): boolean => parsed(text) !== null;

/** Plain decimal text with at most 8 decimals, above zero. */
export const isPositiveAmount = (text: string): boolean => {
  const amount = parsed(text);
  return amount !== null && !amount.isZero();
};

/** Equal values, whatever the trailing zeros ("10.60500000" = "10.605"). */
export const sameAmount = (a: string | undefined, b: string): boolean => {
  if (a === undefined) return false;
  const x = parsed(a);
  const y = parsed(b);
  return x !== null && y !== null ? x.eq(y) : a === b;
};
