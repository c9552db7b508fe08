import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { MixinSafeTreasury } from '../../src/adapters/treasury/mixin/mixin-safe-treasury.js';
import { parseMixPayRefundMemo } from '../../src/domain/refund/mixpay-refund-memo.js';
import { mixpayRefundMemo } from '../support/fake-mixin/index.js';
import { BTC, MIXPAY_BOT, USDT } from '../support/fixtures.js';
import { clearLedger, openTestLedger, settlement, startFakeBot, treasuryFor, type FakeBot, type TestLedger } from './mixin-harness.js';

describe('Mixin treasury: incoming snapshots', () => {
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

  it('a MixPay refund arrives end to end: memo hex → text → RF|trace|40000', async () => {
    const trace = randomUUID();
    const snapshot = b.fake.state.addIncoming({ assetId: USDT, amount: '12.34', opponentId: MIXPAY_BOT, memo: mixpayRefundMemo(trace) });

    const page = await treasury.incoming(null, 100);
    expect(page.transfers).to.have.length(1);
    const t = page.transfers[0]!;
    expect(t).to.deep.include({ snapshotId: snapshot.snapshotId, assetId: USDT, opponentId: MIXPAY_BOT });
    expect(t.amount.toString()).to.equal('12.34000000');
    expect(t.createdAt.toISOString()).to.equal(snapshot.createdAt.slice(0, 23) + 'Z');
    expect(parseMixPayRefundMemo(t.memo)).to.deep.equal({ traceId: trace, code: '40000' });
  });

  it('oldest first, outgoing transfers skipped, the cursor moves past both', async () => {
    b.fake.state.addOutput(USDT, '100');
    const first = b.fake.state.addIncoming({ assetId: USDT, amount: '1', opponentId: MIXPAY_BOT, memo: 'one' });
    await treasury.transfer(settlement('50')); // an outgoing snapshot (negative amount)
    const second = b.fake.state.addIncoming({ assetId: BTC, amount: '0.001', opponentId: randomUUID(), memo: 'two' });
    const outgoing = b.fake.state.snapshots.find((s) => s.amount.startsWith('-'))!;

    const page = await treasury.incoming(null, 100);
    expect(page.transfers.map((t) => t.memo)).to.deep.equal(['one', 'two']);
    expect(page.cursor).to.equal(second.createdAt);

    // Page size 2: the outgoing snapshot fills a slot, is not returned, and is still passed.
    const small = await treasury.incoming(null, 2);
    expect(small.transfers.map((t) => t.snapshotId)).to.deep.equal([first.snapshotId]);
    expect(small.cursor).to.equal(outgoing.createdAt);
    const rest = await treasury.incoming(small.cursor, 2);
    expect(rest.transfers.map((t) => t.snapshotId)).to.deep.equal([second.snapshotId]);
  });

  it('nothing new keeps the cursor; something new after it is all that comes back', async () => {
    b.fake.state.addIncoming({ assetId: USDT, amount: '1', opponentId: MIXPAY_BOT, memo: 'old' });
    const { cursor } = await treasury.incoming(null, 100);
    const idle = await treasury.incoming(cursor, 100);
    expect(idle).to.deep.equal({ transfers: [], cursor });

    const late = b.fake.state.addIncoming({ assetId: USDT, amount: '2', opponentId: MIXPAY_BOT, memo: mixpayRefundMemo(randomUUID(), '40024') });
    const next = await treasury.incoming(cursor, 100);
    expect(next.transfers.map((t) => t.snapshotId)).to.deep.equal([late.snapshotId]);
    expect(parseMixPayRefundMemo(next.transfers[0]!.memo)!.code).to.equal('40024');
  });
});
