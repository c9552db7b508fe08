import { expect } from 'chai';
import { orderView, statusesOf } from '../support/admin-orders.js';
import { deliverMockWebhook, paymentEventFor, newEventId } from '../support/mock-webhooks.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { startSettlementRig, transfersOf, type SettlementRig } from '../support/settlement-rig.js';

/*
 * A wallet may deliver a notification twice, or deliver an older one after a newer one. Neither
 * may move an order twice, queue a second transfer or start a refund. Orders are 10 USDT + 1 % fee.
 */

const eventFor = paymentEventFor;

describe('duplicate and out-of-order webhooks around settlement', () => {
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig();
  });
  after(async () => rig.close());

  /** Everything a stray notification must not change. */
  const state = async (order: PlacedOrder) => ({
    view: await orderView(rig.url, order.traceId),
    transfers: await transfersOf(rig, order.traceId),
    refunds: await rig.db.refundCount(order.traceId),
  });

  /** Paid by a notification whose body the test keeps, then settled. */
  const settledWith = async () => {
    const order = await placeOrder(rig.url);
    const paid = eventFor(order, { id: newEventId() });
    expect((await deliverMockWebhook(rig.url, 'mock', paid)).status).to.equal(200);
    await rig.steps.settle();
    expect((await orderView(rig.url, order.traceId)).status).to.equal('settled');
    return { order, paid };
  };

  it('a redelivered payment.succeeded after settlement is acknowledged and changes nothing', async () => {
    const { order, paid } = await settledWith();
    const before = await state(order);
    const again = await deliverMockWebhook(rig.url, 'mock', paid);
    expect(again.status).to.equal(200);
    expect(await rig.steps.settle()).to.equal(0);
    expect(await state(order)).to.deep.equal(before);
  });

  it('a second, distinct payment.succeeded after settlement queues no second transfer', async () => {
    const { order } = await settledWith();
    const before = await state(order);
    expect((await deliverMockWebhook(rig.url, 'mock', eventFor(order, { id: newEventId() }))).status).to.equal(200);
    expect(await rig.steps.settle()).to.equal(0);
    expect(await state(order)).to.deep.equal(before);
  });

  it('a payment.failed arriving after settlement changes nothing and refunds nothing', async () => {
    const { order } = await settledWith();
    const before = await state(order);
    expect((await deliverMockWebhook(rig.url, 'mock', eventFor(order, { type: 'payment.failed' }))).status).to.equal(200);
    expect(await state(order)).to.deep.equal(before);
    expect(before.refunds).to.equal(0);
  });

  it('a payment.failed arriving after payment, before settlement, changes nothing; the order still settles once', async () => {
    const order = await placeOrder(rig.url);
    await deliverMockWebhook(rig.url, 'mock', eventFor(order));
    const paidHistory = (await orderView(rig.url, order.traceId)).history;
    await deliverMockWebhook(rig.url, 'mock', eventFor(order, { type: 'payment.failed' }));
    expect((await orderView(rig.url, order.traceId)).history).to.deep.equal(paidHistory);
    await rig.steps.settle();
    const after = await state(order);
    expect(after.view.status).to.equal('settled');
    expect(after.transfers).to.have.length(1);
    expect(after.refunds).to.equal(0);
  });

  it('the same payment.succeeded delivered twice at once is applied once: one paid, one transfer', async () => {
    const order = await placeOrder(rig.url);
    const paid = eventFor(order, { id: newEventId() });
    const answers = await Promise.all([deliverMockWebhook(rig.url, 'mock', paid), deliverMockWebhook(rig.url, 'mock', paid)]);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200]);
    await rig.steps.settle();
    const after = await state(order);
    expect(statusesOf(after.view)).to.deep.equal(['creating', 'awaiting_payment', 'paid', 'settling', 'settled']);
    expect(after.transfers).to.have.length(1);
  });
});
