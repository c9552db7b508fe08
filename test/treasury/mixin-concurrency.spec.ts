import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import type { CrossProcessLock } from '../../src/adapters/treasury/mixin/cross-process-lock.js';
import { KeyedLock } from '../../src/plugin-api/index.js';
import { sendSafeTransfer } from '../../src/adapters/treasury/mixin/safe-transfer.js';
import { MIXPAY_BOT, USDT } from '../support/fixtures.js';
import { type MixinSafeTreasury } from '../../src/adapters/treasury/mixin/mixin-safe-treasury.js';
import { settlement, startFakeBot, treasuryFor, type FakeBot } from './mixin-harness.js';

/** A lock shared by "processes" of one test, standing in for a PostgreSQL advisory lock; records its use. */
function sharedLock(): { lock: CrossProcessLock; keys: string[]; maxHeld: () => number } {
  const mutex = new KeyedLock();
  const keys: string[] = [];
  let held = 0;
  let max = 0;
  const lock: CrossProcessLock = (key, work) =>
    mutex.run(key, async () => {
      keys.push(key);
      max = Math.max(max, ++held);
      try {
        return await work();
      } finally {
        held--;
      }
    });
  return { lock, keys, maxHeld: () => max };
}

describe('Mixin treasury: concurrent transfers of one asset', () => {
  let b: FakeBot;

  beforeEach(async () => {
    b = await startFakeBot({ timeoutMs: 2_000, retries: 1 });
    b.fake.state.addOutput(USDT, '100'); // one output: every transfer needs the previous one's change
  });
  afterEach(async () => {
    expect(b.fake.internalErrors).to.deep.equal([]);
    await b.close();
  });

  async function payConcurrently(treasuries: MixinSafeTreasury[], n: number): Promise<number> {
    const started = performance.now();
    const receipts = await Promise.all(
      Array.from({ length: n }, (_, i) => treasuries[i % treasuries.length]!.transfer(settlement('1'))),
    );
    const elapsed = performance.now() - started;
    expect(new Set(receipts.map((r) => r.transactionHash)).size).to.equal(n);
    expect(b.fake.state.paymentsTo(MIXPAY_BOT, '1')).to.equal(n);
    expect(b.fake.state.outputsSpentTwice()).to.deep.equal([]);
    expect(b.fake.state.conflicts, 'no verification hit a locked output').to.equal(0);
    expect(b.fake.state.openHighWater.get(USDT), 'never two unsent requests of one asset at once').to.equal(1);
    expect(b.fake.state.unspentSum(USDT)).to.equal(String(100 - n));
    return elapsed;
  }

  it('are serialised and all succeed, no output spent twice (measured)', async function () {
    const n = 20;
    const elapsed = await payConcurrently([treasuryFor(b)], n);
    expect(elapsed).to.be.below(10_000);
    this.test!.title += ` [${n} in ${elapsed.toFixed(0)} ms, ${(elapsed / n).toFixed(1)} ms each, 5 HTTP calls each]`;
  });

  it('are serialised with 10 ms of network latency per call (measured)', async function () {
    b.fake.faults.latencyMs = 10;
    const n = 10;
    const elapsed = await payConcurrently([treasuryFor(b)], n);
    // 5 calls × 10 ms per transfer, one transfer at a time.
    expect(elapsed).to.be.at.least(n * 5 * 10);
    this.test!.title += ` [${n} in ${elapsed.toFixed(0)} ms, ${(elapsed / n).toFixed(1)} ms each]`;
  });

  it('two broker processes sharing the cross-process lock never collide', async () => {
    const shared = sharedLock();
    const processes = [treasuryFor(b, { transferLock: shared.lock }), treasuryFor(b, { transferLock: shared.lock })];
    await payConcurrently(processes, 12);
    expect(shared.maxHeld()).to.equal(1);
    expect(new Set(shared.keys)).to.deep.equal(new Set([`mixin-transfer:${USDT}`]));
  });

  it('(why) without the locks, concurrent transfers pick the same output and Mixin refuses all but one', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => {
        const s = settlement('1');
        return sendSafeTransfer(b.conn, { ...s, amount: '1' });
      }),
    );
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    expect(refused).to.have.length(4);
    // Mostly 10105; one that lists outputs after the winner locked them sees them pending instead.
    for (const e of refused) expect(e).to.have.property('retryable', true);
    expect(refused.filter((e) => e.code === 10105).length).to.be.at.least(1);
    expect(b.fake.state.outputsSpentTwice()).to.deep.equal([]);
  });

  it('(why) two processes without a shared lock collide too', async () => {
    const processes = [treasuryFor(b), treasuryFor(b)];
    const results = await Promise.allSettled(Array.from({ length: 4 }, (_, i) => processes[i % 2]!.transfer(settlement('1'))));
    expect(results.filter((r) => r.status === 'rejected').length).to.be.at.least(1);
    expect(b.fake.state.conflicts).to.be.at.least(1);
  });
});
