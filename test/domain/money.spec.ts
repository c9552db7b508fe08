import { expect } from 'chai';
import { Amount, InvalidAmount } from '../../src/domain/money/amount.js';
import { FeeRate, InvalidFeeRate } from '../../src/domain/money/fee-rate.js';

describe('Amount', () => {
  for (const text of ['1e3', '-1', '1.123456789', ' 1', '0x10', 'NaN', 'Infinity', '', '01', '1.', '.5']) {
    it(`refuses "${text}" instead of rounding or coercing it`, () => {
      expect(() => Amount.parse(text)).to.throw(InvalidAmount);
    });
  }

  it('keeps exactly 8 decimals in its text form', () => {
    expect(Amount.parse('0.00000001').toString()).to.equal('0.00000001');
    expect(Amount.parse('12.5').toString()).to.equal('12.50000000');
  });

  it('adds without binary-float error', () => {
    expect(Amount.parse('0.1').plus(Amount.parse('0.2')).toString()).to.equal('0.30000000');
  });

  it('handles amounts beyond float precision exactly', () => {
    expect(Amount.parse('12345678901234567.12345678').plus(Amount.parse('0.00000001')).toString()).to.equal('12345678901234567.12345679');
  });

  it('never goes negative', () => {
    expect(() => Amount.parse('1').minus(Amount.parse('2'))).to.throw(InvalidAmount);
    expect(Amount.parse('1').minusOrZero(Amount.parse('2')).isZero()).to.equal(true);
  });

  it('converts to USD with the requested rounding direction', () => {
    const a = Amount.parse('0.00000440');
    expect(a.convert('46590.3', 2, 'up')).to.equal('0.21');
    expect(a.convert('46590.3', 2, 'down')).to.equal('0.20');
  });
});

describe('FeeRate', () => {
  it('rounds the fee up to 8 decimals so the broker never undercharges', () => {
    expect(FeeRate.parse('0.005').feeOn(Amount.parse('0.00001001')).toString()).to.equal('0.00000006');
    expect(FeeRate.parse('0.01').feeOn(Amount.parse('10')).toString()).to.equal('0.10000000');
  });

  it('a zero rate charges nothing', () => {
    expect(FeeRate.parse('0').feeOn(Amount.parse('123.45678901')).isZero()).to.equal(true);
  });

  it('prints in the protocol form with 4 decimals', () => {
    expect(FeeRate.parse('0.01').toString()).to.equal('0.0100');
  });

  it('refuses rates of 1 (100 %) or more', () => {
    expect(() => FeeRate.parse('1')).to.throw(InvalidFeeRate);
  });
});
