import { expect } from 'chai';
import { orderView, statusesOf } from '../support/admin-orders.js';
import { mockPaymentState } from '../support/checkout.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { expiresIn, paidOnCheckout, startSettlementRig, transfersOf, type SettlementRig } from '../support/settlement-rig.js';
import { TestClock } from '../support/test-clock.js';

/*
 * Reconciliation: an order still awaiting its webhook is queried at the wallet 60 s, 300 s, 900 s
 * and 3600 s after it was created (the default schedule), so a lost webhook still settles. The
 * mock's memo switch `mock:lost-webhook` makes its Pay button record the payment without telling
 * the broker.
 */

const SCHEDULE_SECONDS = [60, 300, 900, 3600];

const secondsAfter = (createdAt: string, at: string | null): number | null =>
  at === null ? null : (Date.parse(at) - Date.parse(createdAt)) / 1000;

describe('a paid order whose webhook is lost (memo mock:lost-webhook)', () => {
  const clock = new TestClock();
  let rig: SettlementRig;
  let order: PlacedOrder;
  let createdAt: Date;

  before(async () => {
    rig = await startSettlementRig({ clock });
    order = await paidOnCheckout(rig, { memo: 'order 11 mock:lost-webhook', expired_at: expiresIn(rig, 1800) });
    createdAt = new Date((await orderView(rig.url, order.traceId)).created_at);
  });
  after(async () => rig.close());

  it('is paid at the wallet, but the broker heard nothing: the order stays awaiting_payment', async () => {
    expect(await mockPaymentState(rig.t.broker, order)).to.equal('paid');
    const dropped = rig.t.logs.records().filter((r) => r['msg'] === 'mock fault injected: webhook dropped');
    expect(dropped.map((r) => r['paymentId'])).to.deep.equal([order.paymentId]);
    const view = await orderView(rig.url, order.traceId);
    expect(view.status).to.equal('awaiting_payment');
    expect(secondsAfter(view.created_at, view.next_check_at)).to.equal(SCHEDULE_SECONDS[0]);
  });

  describe('before the first check is due', () => {
    before(async () => {
      clock.set(new Date(createdAt.getTime() + 59_000));
      await rig.steps.expireAndReconcile();
    });

    it('is not asked about yet', async () => {
      expect((await orderView(rig.url, order.traceId)).status).to.equal('awaiting_payment');
    });
  });

  describe('once the first check (60 s) is due', () => {
    before(async () => {
      clock.set(new Date(createdAt.getTime() + 61_000));
      await rig.steps.expireAndReconcile();
    });

    it('becomes paid, by the reconciliation', async () => {
      const view = await orderView(rig.url, order.traceId);
      expect(view.status).to.equal('paid');
      expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment', 'paid']);
      expect(view.history.at(-1)?.cause).to.contain('reconcile');
    });

    it('queues its transfer to MixPay and stops checking', async () => {
      const view = await orderView(rig.url, order.traceId);
      expect(view.transfer).to.include({ state: 'pending', attempts: 0 });
      expect(view.next_check_at).to.equal(null);
    });

    describe('and the settlement step runs', () => {
      before(async () => {
        await rig.steps.settle();
      });

      it('settles it with one transfer', async () => {
        expect((await orderView(rig.url, order.traceId)).status).to.equal('settled');
        expect(await transfersOf(rig, order.traceId)).to.have.length(1);
      });
    });
  });
});

describe('an order that stays unpaid', () => {
  const clock = new TestClock();
  let rig: SettlementRig;
  let order: PlacedOrder;
  /** next_check_at in seconds after creation: when placed, then after each check the clock reached. */
  const seen: (number | null)[] = [];

  before(async () => {
    rig = await startSettlementRig({ clock });
    order = await placeOrder(rig.url, { expired_at: expiresIn(rig, 7200) });
    const view = await orderView(rig.url, order.traceId);
    seen.push(secondsAfter(view.created_at, view.next_check_at));
    for (let round = 0; round < SCHEDULE_SECONDS.length; round++) {
      const due = seen.at(-1);
      if (due === null || due === undefined) break;
      clock.set(new Date(Date.parse(view.created_at) + due * 1000 + 1000));
      await rig.steps.expireAndReconcile();
      seen.push(secondsAfter(view.created_at, (await orderView(rig.url, order.traceId)).next_check_at));
    }
  });
  after(async () => rig.close());

  it('is checked 60 s, 300 s, 900 s and 3600 s after creation, then no more', () => {
    expect(seen).to.deep.equal([...SCHEDULE_SECONDS, null]);
  });

  it('stays awaiting_payment through the checks, its history unchanged', async () => {
    const view = await orderView(rig.url, order.traceId);
    expect(view.status).to.equal('awaiting_payment');
    expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment']);
    expect(await mockPaymentState(rig.t.broker, order)).to.equal('pending');
  });
});
