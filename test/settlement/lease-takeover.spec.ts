import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { orderView } from '../support/admin-orders.js';
import { USDT, testConfig } from '../support/fixtures.js';
import type { PlacedOrder } from '../support/orders.js';
import { paidOnCheckout, settledOrder, startSettlementRig, transfersOf, type SettlementRig } from '../support/settlement-rig.js';
import { TestClock } from '../support/test-clock.js';

/*
 * Two settlement workers on one database, where a batch outlasts its lease and the other worker
 * takes rows over: every transfer must end done, each order paid once, none marked failed.
 */

/** A clock on which every reading costs `tickMs`: time passes as the workers work, deterministically. */
class TickingClock extends TestClock {
  tickMs = 0;

  override now(): Date {
    this.advance(this.tickMs);
    return super.now();
  }
}

describe('a transfer whose order is already settled', () => {
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig();
  });
  after(async () => rig.close());

  for (const state of ['pending', 'in_flight'] as const) {
    it(`is recorded done, not failed, when a worker finds it ${state === 'pending' ? 'due' : 'with an expired lease'}`, async () => {
      const order = await settledOrder(rig);
      const hash = (await orderView(rig.url, order.traceId)).transfer?.transaction_hash;
      // What a late claim finds after another worker settled the order under it.
      await rig.db.requeueTransfer(order.traceId, state);
      expect(await rig.steps.settle()).to.equal(1);
      const view = await orderView(rig.url, order.traceId);
      expect(view.status).to.equal('settled');
      expect(view.transfer).to.include({ state: 'done', transaction_hash: hash });
      expect(await transfersOf(rig, order.traceId), 'no second transfer').to.have.length(1);
    });
  }
});

describe('two workers settling long batches whose leases run out mid-batch', () => {
  const ORDERS = 30;
  const LEASE_MS = 1_000;
  const clock = new TickingClock();
  let rig: SettlementRig;
  let orders: PlacedOrder[];
  let balanceBefore: string;

  before(async function () {
    this.timeout(30_000);
    rig = await startSettlementRig({ clock, config: { ...testConfig(), settlement: { leaseMs: LEASE_MS, batchSize: 10 } } });
    orders = [];
    for (let i = 0; i < ORDERS; i++) orders.push(await paidOnCheckout(rig, { amount: '1' }));
    balanceBefore = (await rig.db.balance(USDT)).balance;
    // About a tenth of a lease per reading: a batch of ten outlasts its lease a few rows in.
    clock.tickMs = 40;
    const worker = async () => {
      for (let round = 0; round < 200; round++) {
        const rows = await rig.db.transferRows();
        if (rows.every((r) => r.state === 'done' || r.state === 'failed')) return;
        await rig.steps.settle();
      }
    };
    await Promise.all([worker(), worker()]);
    clock.tickMs = 0;
  });
  after(async () => rig?.close());

  it('ends with every transfer done and none failed', async () => {
    const rows = await rig.db.transferRows();
    expect(rows.filter((r) => r.state !== 'done').map((r) => `${r.state}: ${r.last_error}`)).to.deep.equal([]);
    expect(rows).to.have.length(ORDERS);
  });

  it('settles every order', async () => {
    for (const order of orders) expect((await orderView(rig.url, order.traceId)).status, order.traceId).to.equal('settled');
  });

  it('pays each order exactly once', async () => {
    for (const order of orders) expect(await transfersOf(rig, order.traceId), order.traceId).to.have.length(1);
    const after = await rig.db.balance(USDT);
    expect(new Decimal(balanceBefore).minus(after.balance).toString()).to.equal(String(ORDERS));
  });

  it('really took rows over: some transfers needed more than one attempt', async () => {
    const rows = await rig.db.transferRows();
    expect(rows.filter((r) => r.attempts > 1)).to.not.be.empty;
  });

  it('reports the rows a worker lost to the other as lost leases', () => {
    const lost = rig.t.logs.records().filter((r) => String(r['msg']).startsWith('lease lost'));
    expect(lost).to.not.be.empty;
    expect(lost.every((r) => r['level'] === 'warn' && typeof r['trace_id'] === 'string')).to.equal(true);
  });
});
