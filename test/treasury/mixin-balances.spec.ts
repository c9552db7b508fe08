import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { unspentBalances, usdPrices } from '../../src/adapters/treasury/mixin/safe-balances.js';
import { MixinApiError } from '../../src/adapters/treasury/mixin/mixin-errors.js';
import type { MixinSafeTreasury } from '../../src/adapters/treasury/mixin/mixin-safe-treasury.js';
import { Amount } from '../../src/domain/money/amount.js';
import { BTC, USDT } from '../support/fixtures.js';
import { clearLedger, openTestLedger, rejection, startFakeBot, treasuryFor, type FakeBot, type TestLedger } from './mixin-harness.js';

describe('Mixin treasury: balances and prices', () => {
  let l: TestLedger;
  let b: FakeBot;
  let treasury: MixinSafeTreasury;

  before(async () => {
    l = await openTestLedger();
  });
  after(async () => l.db.close());
  beforeEach(async () => {
    await clearLedger(l);
    b = await startFakeBot();
    treasury = treasuryFor(l, b);
  });
  afterEach(async () => {
    expect(b.fake.internalErrors).to.deep.equal([]);
    await b.close();
  });

  it('sums 0.1 + 0.2 exactly (no binary float anywhere)', async () => {
    b.fake.state.addOutput(USDT, '0.1');
    b.fake.state.addOutput(USDT, '0.2');
    const balances = await unspentBalances(b.conn);
    expect(balances.get(USDT)!.toString()).to.equal('0.30000000');
  });

  it('sums every unspent output across pages of 500, per asset, counting none twice', async () => {
    // 1201 outputs of USDT interleaved with BTC: three pages (the fake repeats the boundary output).
    for (let i = 0; i < 1201; i++) {
      b.fake.state.addOutput(USDT, i === 0 ? '0.00000001' : '0.1');
      if (i % 100 === 0) b.fake.state.addOutput(BTC, '0.00012345');
    }
    b.fake.state.addOutput(USDT, '1000', [randomUUID()]); // someone else's output
    const spent = b.fake.state.addOutput(USDT, '999');
    spent.state = 'spent';

    const balances = await unspentBalances(b.conn);
    expect(balances.get(USDT)!.toString()).to.equal('120.00000001');
    expect(balances.get(BTC)!.toString()).to.equal('0.00160485');
    expect(b.fake.count('GET /safe/outputs')).to.equal(3);
  });

  it('reads USD prices from the asset data; an unknown asset has none', async () => {
    b.fake.state.addAsset(BTC, 'BTC', '91234.56');
    const unknown = randomUUID();
    const prices = await usdPrices(b.conn, [USDT, BTC, unknown]);
    expect(prices.get(USDT)).to.equal('1.0002');
    expect(prices.get(BTC)).to.equal('91234.56');
    expect(prices.get(unknown) ?? null).to.equal(null);
  });

  it('the balances read from the bot, recorded in the ledger, keep reservations and zero what is gone', async () => {
    b.fake.state.addOutput(USDT, '40');
    b.fake.state.addOutput(USDT, '2.5');
    await l.ledger.setBalance(BTC, Amount.parse('3'), '90000'); // stale: the bot holds no BTC any more
    await l.ledger.recordBalances(await treasury.balances([USDT, BTC]));
    expect(await l.ledger.reserve(randomUUID(), USDT, Amount.parse('10'))).to.equal(true);

    b.fake.state.addOutput(USDT, '7.5');
    await l.ledger.recordBalances(await treasury.balances([USDT, BTC]));

    const held = await l.ledger.holdings([USDT, BTC]);
    const usdt = held.get(USDT)!;
    expect(usdt.balance.toString()).to.equal('50.00000000');
    expect(usdt.reserved.toString()).to.equal('10.00000000');
    expect(usdt.available.toString()).to.equal('40.00000000');
    expect(usdt.usdPrice!.toString()).to.equal('1.0002');
    expect(held.get(BTC)!.balance.toString()).to.equal('0.00000000');
    expect(held.get(BTC)!.usdPrice).to.equal(null);
  });

  it('a Mixin outage while reading balances is a loggable error and leaves the ledger as it was', async () => {
    await l.ledger.setBalance(USDT, Amount.parse('5'), '1');
    b.fake.faults.failNext('GET /safe/outputs', 500);
    const failure = await rejection(treasury.balances([USDT]).then((read) => l.ledger.recordBalances(read)));
    expect(failure).to.be.instanceOf(MixinApiError);
    expect(failure).to.include({ code: 500, retryable: true });
    expect((await l.ledger.holdings([USDT])).get(USDT)!.balance.toString()).to.equal('5.00000000');
  });
});
