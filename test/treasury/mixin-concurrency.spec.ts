import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import { type MixinSafeTreasury } from '../../src/adapters/treasury/mixin/mixin-safe-treasury.js';
import { onRealPostgres } from '../support/database.js';
import { MIXPAY_BOT, USDT } from '../support/fixtures.js';
import { clearLedger, openTestLedger, settlement, startFakeBot, treasuryFor, type FakeBot, type TestLedger } from './mixin-harness.js';

describe('Mixin treasury: parallel transfers of one asset on the output pool', () => {
  let l: TestLedger;
  let b: FakeBot;

  before(async () => {
    l = await openTestLedger();
  });
  after(async () => l.db.close());
  beforeEach(async () => {
    await clearLedger(l);
    b = await startFakeBot({ timeoutMs: 2_000, retries: 1 });
  });
  afterEach(async () => {
    expect(b.fake.internalErrors).to.deep.equal([]);
    await b.close();
  });

  async function payConcurrently(treasuries: MixinSafeTreasury[], n: number, amount = '1'): Promise<number> {
    const started = performance.now();
    const pay = (i: number) => treasuries[i % treasuries.length]!.transfer(settlement(amount));
    const receipts = await Promise.all(Array.from({ length: n }, (_, i) => pay(i)));
    const elapsed = performance.now() - started;
    expect(new Set(receipts.map((r) => r.transactionHash)).size).to.equal(n);
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, amount)).to.equal(n);
    expect(b.fake.state.outputsSpentTwice()).to.deep.equal([]);
    expect(b.fake.state.conflicts, 'no verification hit a locked output').to.equal(0);
    return elapsed;
  }

  it('transfers on disjoint outputs run at once, none spent twice', async () => {
    for (let i = 0; i < 11; i++) b.fake.state.addOutput(USDT, '10');
    b.fake.faults.latencyMs = 30;
    const treasury = treasuryFor(l, b);
    // One transfer alone first: what serial costs per transfer on this machine now (a loaded two-core
    // machine spends more on signing than the 90 ms of latency), and the pool's first listing is out of the way.
    const started = performance.now();
    await treasury.transfer(settlement('2'));
    const alone = performance.now() - started;
    const elapsed = await payConcurrently([treasury], 10);
    // The embedded database runs every statement in one session, one after another: how many Mixin
    // requests overlap there says nothing about the broker, so the overlap is checked on a server.
    if (onRealPostgres) expect(b.fake.state.openHighWater.get(USDT), 'several requests of one asset open at once').to.be.greaterThan(3);
    // Serial, ten transfers would take ten times one at least; in parallel their latency overlaps.
    expect(elapsed).to.be.below(10 * alone);
    expect(b.fake.state.unspentSum(USDT)).to.equal('98');
  });

  it('two broker processes on one pool never claim the same output', async () => {
    for (let i = 0; i < 12; i++) b.fake.state.addOutput(USDT, '5');
    b.fake.faults.latencyMs = 10;
    await payConcurrently([treasuryFor(l, b), treasuryFor(l, b)], 12);
  });

  it('with one output, transfers wait for change and still all succeed', async () => {
    b.fake.state.addOutput(USDT, '100');
    await payConcurrently([treasuryFor(l, b, { settings: { outputWaitMs: 10_000 } })], 6);
    expect(b.fake.state.openHighWater.get(USDT)).to.equal(1);
    expect(b.fake.state.unspentSum(USDT)).to.equal('94');
  });

  it('a pool with too few outputs is split by a transfer to the bot itself, then transfers run in parallel', async () => {
    b.fake.state.addOutput(USDT, '100');
    b.fake.state.addOutput(USDT, '60');
    b.fake.state.confirmDelayMs = 200;
    b.fake.faults.latencyMs = 20;
    const treasury = treasuryFor(l, b, { settings: { targetOutputs: 16, outputWaitMs: 10_000 } });
    await treasury.balances([USDT]); // the balance sync feeds the pool and looks at its shape
    await payConcurrently([treasury], 24, '2');
    const splits = b.fake.state.sentRequests().filter((r) => r.outputs.every((o) => o.receivers[0] === b.bot.keystore.app_id));
    expect(splits.length, 'splits to the bot itself').to.be.at.least(1);
    expect(splits[0]!.outputs.length).to.equal(15);
    if (onRealPostgres) expect(b.fake.state.openHighWater.get(USDT)).to.be.greaterThan(3); // see above
    await new Promise((r) => setTimeout(r, 300));
    expect(b.fake.state.unspentSum(USDT)).to.equal('112');
  });

  it('too many small outputs are merged into one', async () => {
    for (let i = 0; i < 30; i++) b.fake.state.addOutput(USDT, '0.5');
    const treasury = treasuryFor(l, b, { settings: { targetOutputs: 4, consolidateAbove: 10 } });
    await treasury.balances([USDT]);
    await new Promise((r) => setTimeout(r, 500));
    const merges = b.fake.state.sentRequests().filter((r) => r.inputs.length > 1 && r.outputs.length === 1);
    expect(merges).to.have.length(1);
    expect(merges[0]!.inputs).to.have.length(26);
    expect(b.fake.state.unspentSum(USDT)).to.equal('15');
  });
});
