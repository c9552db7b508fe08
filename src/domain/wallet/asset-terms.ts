import type { Amount } from '../money/amount.js';
import type { FeeRate } from '../money/fee-rate.js';

/** What one wallet offers for one Mixin asset: limits, the broker's fee, and the provider's currency code. */
export interface AssetTerms {
  readonly assetId: string;
  readonly min: Amount;
  readonly max: Amount;
  readonly fee: FeeRate;
  /** The provider's code for this asset (e.g. "USDT"); what the payer is charged in. */
  readonly currency: string;
}
