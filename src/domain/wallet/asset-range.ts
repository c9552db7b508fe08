import { Amount } from '../money/amount.js';
import type { Dec } from '../money/decimal.js';
import type { AssetTerms } from './asset-terms.js';

/** One row of MixPay's assets/range answer, already in the protocol's string forms. */
export interface AssetRange {
  readonly assetId: string;
  readonly min: string;
  readonly max: string;
  readonly minUsdt: string;
  readonly maxUsdt: string;
  readonly fee: string;
}

/**
 * The range a wallet can accept now: its configured limits, with `max` cut to what the treasury can
 * still settle. Null when nothing at or above `min` can be settled, or no USD price is known.
 */
export function assetRange(terms: AssetTerms, available: Amount, usdPrice: Dec | null): AssetRange | null {
  if (usdPrice === null) return null;
  const max = Amount.min(terms.max, available);
  if (max.lt(terms.min) || max.isZero()) return null;
  return {
    assetId: terms.assetId,
    min: terms.min.toString(),
    max: max.toString(),
    minUsdt: terms.min.convert(usdPrice, 2, 'up'),
    maxUsdt: max.convert(usdPrice, 2, 'down'),
    fee: terms.fee.toString(),
  };
}
