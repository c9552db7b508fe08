import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import type { OrderView } from '../../src/application/operations/get-order-view.query.js';
import { orderView, statusesOf } from '../support/admin-orders.js';
import { mockPaymentState, pressOnCheckout } from '../support/checkout.js';
import { testConfig, USDT } from '../support/fixtures.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { rangeMax } from '../support/range-helpers.js';
import { expiresIn, startSettlementRig, transfersOf, type SettlementRig } from '../support/settlement-rig.js';
import { TestClock } from '../support/test-clock.js';

/*
 * ExpireAndReconcile's expiry: an unpaid order past expired_at is expired, its reservation
 * released and its payment closed at the wallet; an order still in time is left alone.
 * USDT balance 300 under a configured max of 500, so assets/range max shows what is reserved.
 */

const STALE_AMOUNT = '7';
const FRESH_AMOUNT = '3';

describe('expiry of unpaid orders (ExpireAndReconcile)', () => {
  const clock = new TestClock();
  let rig: SettlementRig;
  let stale: PlacedOrder;
  let fresh: PlacedOrder;
  let maxBefore: string;
  let freshBefore: OrderView;

  before(async () => {
    rig = await startSettlementRig({ clock, config: testConfig({ usdtBalance: '300' }) });
    maxBefore = await rangeMax(rig.url, USDT);
    stale = await placeOrder(rig.url, { amount: STALE_AMOUNT, expired_at: expiresIn(rig, 120) });
    fresh = await placeOrder(rig.url, { amount: FRESH_AMOUNT, expired_at: expiresIn(rig, 3600) });
    freshBefore = await orderView(rig.url, fresh.traceId);
    clock.advance(121_000);
    await rig.steps.expireAndReconcile();
  });
  after(async () => rig.close());

  it('expires the order past expired_at, saying why', async () => {
    const view = await orderView(rig.url, stale.traceId);
    expect(view.status).to.equal('expired');
    expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment', 'expired']);
    expect(view.history.at(-1)?.cause).to.match(/expired/);
  });

  it('schedules no further wallet check for the expired order', async () => {
    expect((await orderView(rig.url, stale.traceId)).next_check_at).to.equal(null);
  });

  it('releases its reservation: assets/range max is back up by its amount', async () => {
    expect((await rig.db.reservation(stale.traceId))?.state).to.equal('released');
    const max = new Decimal(await rangeMax(rig.url, USDT));
    expect(max.toString()).to.equal(new Decimal(maxBefore).minus(FRESH_AMOUNT).toString());
  });

  it('asks the mock wallet first, which confirms the payment is over (a query answers expired)', async () => {
    const asked = rig.t.logs.records().filter((r) => r['msg'] === 'reconciled with the wallet' && r['trace_id'] === stale.traceId);
    expect(asked.map((r) => [r['state'], r['outcome']])).to.deep.equal([['expired', 'expired']]);
    expect(await mockPaymentState(rig.t.broker, stale)).to.equal('expired');
  });

  it('leaves the order still in time awaiting payment, with its reservation held and its payment open', async () => {
    const view = await orderView(rig.url, fresh.traceId);
    expect(view.status).to.equal('awaiting_payment');
    expect(view.history).to.deep.equal(freshBefore.history);
    expect((await rig.db.reservation(fresh.traceId))?.state).to.equal('held');
    expect(await mockPaymentState(rig.t.broker, fresh)).to.equal('pending');
  });

  it('a Pay pressed afterwards on the expired order’s page sends no success, revives nothing and transfers nothing', async () => {
    const before = await orderView(rig.url, stale.traceId);
    expect((await pressOnCheckout(stale, 'pay')).status).to.equal(303);
    const successes = rig.t.logs
      .records()
      .filter((r) => r['msg'] === 'mock webhook delivered' && r['paymentId'] === stale.paymentId && r['type'] === 'payment.succeeded');
    expect(successes).to.deep.equal([]);
    await rig.steps.settle();
    const after = await orderView(rig.url, stale.traceId);
    expect(after.history).to.deep.equal(before.history);
    expect(after.transfer).to.equal(null);
    expect(await transfersOf(rig, stale.traceId)).to.deep.equal([]);
  });
});
