import { Decimal } from 'decimal.js';

/*
 * Exact amounts for plugins. The plugin API keeps its own copy of the broker's Amount rules (the same
 * parse, 8 decimals and rounding), so the published contract does not move when the domain does;
 * test/plugin-api/amount.spec.ts holds the two to the same answers.
 */

/** High precision and plain (non-exponent) text, so no amount passes through a float or "1e-8". */
const Dec = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -64, toExpPos: 64 });

export type RoundingMode = 'up' | 'down';

const ROUNDING: Record<RoundingMode, Decimal.Rounding> = { up: Decimal.ROUND_UP, down: Decimal.ROUND_DOWN };

/** Digits with an optional fraction: no sign, exponent, spaces or hex. */
const PLAIN_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

const decimalPlaces = (text: string): number => {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
};

/** Exactly `places` decimals, rounded in the stated direction (away from / toward zero). */
function formatFixed(value: Decimal, places: number, rounding: RoundingMode): string {
  const [int, frac = ''] = value.toDecimalPlaces(places, ROUNDING[rounding]).toString().split('.');
  return places === 0 ? int! : `${int}.${frac.padEnd(places, '0')}`;
}

export class InvalidAmount extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A non-negative asset amount with at most 8 decimals (Mixin's precision). Immutable.
 * Arithmetic that could produce more decimals (a rate) names its rounding explicitly.
 */
export class Amount {
  static readonly DECIMALS = 8;
  private static readonly ZERO = new Amount(new Dec(0));

  private constructor(private readonly value: Decimal) {}

  /** Strict parse of plain decimal text; anything else (exponents, signs, >8 decimals) is refused, never rounded. */
  static parse(text: string): Amount {
    if (!PLAIN_DECIMAL.test(text)) throw new InvalidAmount(`"${text}" is not a plain decimal number`);
    if (decimalPlaces(text) > Amount.DECIMALS) throw new InvalidAmount(`"${text}" has more than ${Amount.DECIMALS} decimals`);
    return new Amount(new Dec(text));
  }

  /** From a decimal computed elsewhere; it must already fit 8 decimals. */
  static of(value: Decimal | string): Amount {
    const d = new Dec(value);
    if (d.isNegative() || d.decimalPlaces() > Amount.DECIMALS) throw new InvalidAmount(`${d.toString()} is not a valid amount`);
    return new Amount(d);
  }

  /** Rounds an arbitrary non-negative decimal to 8 decimals in the stated direction. */
  static rounded(value: Decimal, rounding: RoundingMode): Amount {
    return Amount.of(new Dec(formatFixed(value, Amount.DECIMALS, rounding)));
  }

  static zero(): Amount {
    return Amount.ZERO;
  }

  static min(a: Amount, b: Amount): Amount {
    return a.lte(b) ? a : b;
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

  times(factor: Decimal | string, rounding: RoundingMode): Amount {
    return Amount.rounded(this.value.times(factor), rounding);
  }

  /** Value in another unit (e.g. USD at a price), formatted with `places` decimals. */
  convert(price: Decimal | string, places: number, rounding: RoundingMode): string {
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
