import { Decimal } from 'decimal.js';

/**
 * The one decimal.js configuration of the broker. High precision and plain (non-exponent)
 * string output, so no amount ever passes through a binary float or "1e-8" notation.
 */
export const Dec = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -64, toExpPos: 64 });
export type Dec = InstanceType<typeof Dec>;

export type RoundingMode = 'up' | 'down';

const ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  up: Decimal.ROUND_UP,
  down: Decimal.ROUND_DOWN,
};

/** Formats with exactly `places` decimals, rounding in the stated direction (away from / toward zero). */
export function formatFixed(value: Dec, places: number, rounding: RoundingMode): string {
  const rounded = value.toDecimalPlaces(places, ROUNDING[rounding]);
  const [int, frac = ''] = rounded.toString().split('.');
  return places === 0 ? int! : `${int}.${frac.padEnd(places, '0')}`;
}

/** Plain decimal text: digits with an optional fraction. No sign, exponent, spaces or hex. */
export const PLAIN_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}
