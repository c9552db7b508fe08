import { DomainError } from '../shared/domain-error.js';
import { Dec, PLAIN_DECIMAL, decimalPlaces, formatFixed, type RoundingMode } from './decimal.js';

export class InvalidAmount extends DomainError {}

/**
 * A non-negative asset amount with at most 8 decimals (Mixin's precision). Immutable.
 * Arithmetic that could produce more decimals (a fee rate) names its rounding explicitly.
 */
export class Amount {
  static readonly DECIMALS = 8;
  private static readonly ZERO = new Amount(new Dec(0));

  private constructor(private readonly value: Dec) {}

  /** Strict parse of plain decimal text; anything else (exponents, signs, >8 decimals) is refused, never rounded. */
  static parse(text: string): Amount {
    if (!PLAIN_DECIMAL.test(text)) throw new InvalidAmount(`"${text}" is not a plain decimal number`);
    if (decimalPlaces(text) > Amount.DECIMALS) {
      throw new InvalidAmount(`"${text}" has more than ${Amount.DECIMALS} decimals`);
    }
    return new Amount(new Dec(text));
  }

  /** From a decimal computed elsewhere (a sum, a stored numeric); it must already fit 8 decimals. */
  static of(value: Dec | string): Amount {
    const d = new Dec(value);
    if (d.isNegative() || d.decimalPlaces() > Amount.DECIMALS) {
      throw new InvalidAmount(`${d.toString()} is not a valid amount`);
    }
    return new Amount(d);
  }

  /** Rounds an arbitrary non-negative decimal to 8 decimals in the stated direction. */
  static rounded(value: Dec, rounding: RoundingMode): Amount {
    return Amount.of(new Dec(formatFixed(value, Amount.DECIMALS, rounding)));
  }

  static zero(): Amount {
    return Amount.ZERO;
  }

  plus(other: Amount): Amount {
    return new Amount(this.value.plus(other.value));
  }

  /** Never goes below zero: a shortfall is an error, not a negative amount. */
  minus(other: Amount): Amount {
    const d = this.value.minus(other.value);
    if (d.isNegative()) throw new InvalidAmount(`${this} - ${other} is negative`);
    return new Amount(d);
  }

  /** Saturating subtraction, for "what is left" figures. */
  minusOrZero(other: Amount): Amount {
    return this.gte(other) ? this.minus(other) : Amount.ZERO;
  }

  times(factor: Dec | string, rounding: RoundingMode): Amount {
    return Amount.rounded(this.value.times(factor), rounding);
  }

  /** Value in another unit (e.g. USD at a price), formatted with `places` decimals. */
  convert(price: Dec | string, places: number, rounding: RoundingMode): string {
    return formatFixed(this.value.times(price), places, rounding);
  }

  cmp(other: Amount): number {
    return this.value.comparedTo(other.value);
  }
  eq(other: Amount): boolean {
    return this.cmp(other) === 0;
  }
  lt(other: Amount): boolean {
    return this.cmp(other) < 0;
  }
  lte(other: Amount): boolean {
    return this.cmp(other) <= 0;
  }
  gt(other: Amount): boolean {
    return this.cmp(other) > 0;
  }
  gte(other: Amount): boolean {
    return this.cmp(other) >= 0;
  }
  isZero(): boolean {
    return this.value.isZero();
  }

  static min(a: Amount, b: Amount): Amount {
    return a.lte(b) ? a : b;
  }

  /** Exactly 8 decimals, the form used in the protocol and in storage. */
  toString(): string {
    return formatFixed(this.value, Amount.DECIMALS, 'down');
  }

  /** Shortest exact form ("1.5"), for providers that take free-form decimals. */
  toPlainString(): string {
    return this.value.toString();
  }

  toJSON(): string {
    return this.toString();
  }
}
