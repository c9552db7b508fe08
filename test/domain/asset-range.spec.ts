import { expect } from 'chai';
import { Amount } from '../../src/domain/money/amount.js';
import { Dec } from '../../src/domain/money/decimal.js';
import { FeeRate } from '../../src/domain/money/fee-rate.js';
import { assetRange } from '../../src/domain/wallet/asset-range.js';
import type { AssetTerms } from '../../src/domain/wallet/asset-terms.js';

const terms: AssetTerms = {
  assetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
  min: Amount.parse('0.0000044'),
  max: Amount.parse('0.0001'),
  fee: FeeRate.parse('0.01'),
  currency: 'BTC',
};

describe('asset range', () => {
  it('formats the guide example: 8-decimal amounts, 2-decimal USD (min up, max down), 4-decimal fee', () => {
    const r = assetRange(terms, Amount.parse('1'), new Dec('20500.55'));
    expect(r).to.deep.equal({
      assetId: terms.assetId,
      min: '0.00000440',
      max: '0.00010000',
      minUsdt: '0.10',
      maxUsdt: '2.05',
      fee: '0.0100',
    });
  });

  it('caps max at what the treasury can still settle', () => {
    expect(assetRange(terms, Amount.parse('0.00005'), new Dec('1'))?.max).to.equal('0.00005000');
  });

  it('offers nothing when the available balance is below min', () => {
    expect(assetRange(terms, Amount.parse('0.000004'), new Dec('1'))).to.equal(null);
  });

  it('offers nothing without a USD price', () => {
    expect(assetRange(terms, Amount.parse('1'), null)).to.equal(null);
  });
});
