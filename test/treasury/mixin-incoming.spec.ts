import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { MixinSafeTreasury } from '../../src/adapters/treasury/mixin/mixin-safe-treasury.js';
import { oneNanosecondBefore } from '../../src/adapters/treasury/mixin/safe-snapshots.js';
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

    // Page size 2: the outgoing snapshot fills a slot, is not returned, and is still passed. The
    // page is full, so the cursor steps back one nanosecond: an exclusive offset cannot skip a
    // snapshot of the same instant, and the one re-read is deduplicated by id downstream.
    const small = await treasury.incoming(null, 2);
    expect(small.transfers.map((t) => t.snapshotId)).to.deep.equal([first.snapshotId]);
    expect(small.cursor).to.equal(oneNanosecondBefore(outgoing.createdAt));
    const rest = await treasury.incoming(small.cursor, 2);
    expect(rest.transfers.map((t) => t.snapshotId)).to.deep.equal([second.snapshotId]);
    expect(rest.cursor, 'full again: one step back').to.equal(oneNanosecondBefore(second.createdAt));
    const last = await treasury.incoming(rest.cursor, 2);
    expect(
      last.transfers.map((t) => t.snapshotId),
      'the re-read, deduplicated downstream',
    ).to.deep.equal([second.snapshotId]);
    expect(last.cursor, 'a page that is not full ends at its last snapshot').to.equal(second.createdAt);
  });

  it("one nanosecond before, in Mixin's nanosecond text, across a whole second too", () => {
    expect(oneNanosecondBefore('2025-01-01T00:00:05.000000123Z')).to.equal('2025-01-01T00:00:05.000000122Z');
    expect(oneNanosecondBefore('2025-01-01T00:00:05.5Z')).to.equal('2025-01-01T00:00:05.499999999Z');
    expect(oneNanosecondBefore('2025-01-01T00:00:00Z')).to.equal('2024-12-31T23:59:59.999999999Z');
  });

  it('a plain-text refund memo RF|trace|code is read as well as the base64 one', async () => {
    const trace = randomUUID();
    b.fake.state.addIncoming({ assetId: USDT, amount: '3', opponentId: MIXPAY_BOT, memo: `RF|${trace}|40024` });
    const page = await treasury.incoming(null, 100);
    expect(parseMixPayRefundMemo(page.transfers[0]!.memo)).to.deep.equal({ traceId: trace, code: '40024' });
  });

  it('nothing new keeps the cursor; something new after it is all that comes back', async () => {
    b.fake.state.addIncoming({ assetId: USDT, amount: '1', opponentId: MIXPAY_BOT, memo: 'old' });
    const { cursor } = await treasury.incoming(null, 100);
    const idle = await treasury.incoming(cursor, 100);
    expect(idle).to.deep.equal({ transfers: [], cursor });

    const late = b.fake.state.addIncoming({
      assetId: USDT,
      amount: '2',
      opponentId: MIXPAY_BOT,
      memo: mixpayRefundMemo(randomUUID(), '40024'),
    });
    const next = await treasury.incoming(cursor, 100);
    expect(next.transfers.map((t) => t.snapshotId)).to.deep.equal([late.snapshotId]);
    expect(parseMixPayRefundMemo(next.transfers[0]!.memo)!.code).to.equal('40024');
  });
});
