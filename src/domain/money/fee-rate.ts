import { DomainError } from '../shared/domain-error.js';
import { type Amount } from './amount.js';
import { Dec, PLAIN_DECIMAL, formatFixed } from './decimal.js';

export class InvalidFeeRate extends DomainError {}

/** The broker's fee as a fraction of the amount (0.01 = 1 %), charged on top of what MixPay receives. */
export class FeeRate {
  private constructor(private readonly value: Dec) {}

  static parse(text: string): FeeRate {
    if (!PLAIN_DECIMAL.test(text)) throw new InvalidFeeRate(`"${text}" is not a plain decimal fraction`);
    const d = new Dec(text);
    if (d.greaterThanOrEqualTo(1)) throw new InvalidFeeRate(`"${text}" must be below 1 (a fraction: 0.01 = 1 %)`);
    return new FeeRate(d);
  }

  /** The fee on an amount, rounded up to 8 decimals so the broker never undercharges by a rounding. */
  feeOn(amount: Amount): Amount {
    return amount.times(this.value, 'up');
  }

  /** The protocol's form: 4 decimals ("0.0100"). */
  toString(): string {
    return formatFixed(this.value, 4, 'up');
  }
}
