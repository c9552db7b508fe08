import { expect } from 'chai';
import fc from 'fast-check';
import { Amount as DomainAmount, InvalidAmount as DomainInvalidAmount } from '../../src/domain/money/amount.js';
import { Amount, InvalidAmount } from '../../src/plugin-api/index.js';

/*
 * The plugin API keeps its own Amount so the published contract does not follow the domain. The two
 * must still give the same answers: an amount a plugin accepts, sends or compares is the broker's.
 */

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Plain decimal text, and text that is nearly so (signs, exponents, leading zeros, too many decimals). */
const text = fc.oneof(
  fc.tuple(digits(1, 20), fc.option(digits(1, 10))).map(([int, frac]) => (frac === null ? int : `${int}.${frac}`)),
  fc.constantFrom('1e3', '-1', ' 1', '0x10', 'NaN', '', '01', '1.', '.5', '1.123456789'),
);
const rate = fc.tuple(digits(1, 3), digits(1, 12)).map(([int, frac]) => `${int}.${frac}`);

/** What one implementation answers for a text: its 8-decimal form, or that it refused. */
function parsed<A extends { toString(): string }>(parse: (t: string) => A, refusal: new (...a: never[]) => Error, t: string): string {
  try {
    return parse(t).toString();
  } catch (e) {
    expect(e, `"${t}"`).to.be.instanceOf(refusal);
    return 'refused';
  }
}

describe('plugin API Amount agrees with the domain Amount', () => {
  it('parses and refuses the same texts, with the same 8-decimal and plain forms', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(parsed(Amount.parse, InvalidAmount, t)).to.equal(parsed(DomainAmount.parse, DomainInvalidAmount, t));
        const plain = (parse: (t: string) => { toPlainString(): string }) => {
          try {
            return parse(t).toPlainString();
          } catch {
            return 'refused';
          }
        };
        expect(plain(Amount.parse)).to.equal(plain(DomainAmount.parse));
      }),
    );
  });

  it('adds, subtracts, compares, multiplies and converts the same', () => {
    const amount = text.filter((t) => parsed(DomainAmount.parse, DomainInvalidAmount, t) !== 'refused');
    fc.assert(
      fc.property(amount, amount, rate, fc.constantFrom('up' as const, 'down' as const), (a, b, r, rounding) => {
        const [x, y] = [Amount.parse(a), Amount.parse(b)];
        const [dx, dy] = [DomainAmount.parse(a), DomainAmount.parse(b)];
        expect(x.plus(y).toString()).to.equal(dx.plus(dy).toString());
        expect(x.minusOrZero(y).toString()).to.equal(dx.minusOrZero(dy).toString());
        expect(x.cmp(y)).to.equal(dx.cmp(dy));
        expect(x.times(r, rounding).toString()).to.equal(dx.times(r, rounding).toString());
        expect(x.convert(r, 2, rounding)).to.equal(dx.convert(r, 2, rounding));
        expect(JSON.stringify(x)).to.equal(JSON.stringify(dx));
      }),
    );
  });

  it('refuses a negative difference, as the domain does', () => {
    expect(() => Amount.parse('1').minus(Amount.parse('2'))).to.throw(InvalidAmount, 'is negative');
    expect(new InvalidAmount('x').name).to.equal('InvalidAmount');
  });
});
