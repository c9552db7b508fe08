import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { reviewOrder } from '../support/admin-actions.js';
import { reconcileOrder, retryRefund } from '../support/admin-order-actions.js';
import { orderView, statusesOf } from '../support/admin-orders.js';
import { pressOnCheckout } from '../support/checkout.js';
import { deliverMockWebhook, mockEventBody } from '../support/mock-webhooks.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { settledOrder, startSettlementRig, type SettlementRig } from '../support/settlement-rig.js';

/*
 * The operator's actions on one order beyond settlement and review: a payer refund that failed for
 * good is sent back to the refund worker, and an order is reconciled with its wallet at once
 * instead of at the next scheduled check.
 */
describe('admin order actions', () => {
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig();
  });
  after(() => rig.close());

  /** Paid 10.05 of 10.10 by webhook alone (the mock itself never saw a payment), refunded on review: the mock refuses the refund. */
  async function failedRefund(): Promise<PlacedOrder> {
    const order = await placeOrder(rig.url);
    const body = mockEventBody({
      type: 'payment.succeeded',
      tradeNo: order.tradeNo,
      paymentId: order.paymentId,
      amount: '10.05',
      currency: 'USDT',
    });
    expect((await deliverMockWebhook(rig.url, 'mock', body)).status).to.equal(200);
    expect((await reviewOrder(rig.url, order.traceId, 'refund')).status).to.equal(202);
    await rig.steps.refundPayers();
    const view = await orderView(rig.url, order.traceId);
    expect(view.refund, 'fixture: the refund failed for good').to.deep.include({ state: 'failed', attempts: 1 });
    return order;
  }

  describe('POST /admin/orders/:trace/refund/retry', () => {
    it('sends a refund that failed for good back to the worker, which refunds the payer once the wallet accepts', async () => {
      const order = await failedRefund();
      const failed = (await orderView(rig.url, order.traceId)).refund!;
      expect(await retryRefund(rig.url, order.traceId)).to.deep.equal({ status: 202, body: { result: 'retrying' } });
      const reopened = (await orderView(rig.url, order.traceId)).refund!;
      expect(reopened).to.deep.include({ refund_id: failed.refund_id, state: 'pending', attempts: 0, amount: '10.05000000' });

      expect((await pressOnCheckout(order)).status, 'the payment now exists at the mock').to.equal(303);
      await rig.steps.refundPayers();
      const view = await orderView(rig.url, order.traceId);
      expect(view.status).to.equal('refunded');
      expect(view.refund).to.deep.include({ refund_id: failed.refund_id, state: 'succeeded', attempts: 1 });
      expect(await rig.db.mockRefunds()).to.have.length(1);
    });

    it('answers 409 not_failed for a refund that has not failed, and changes nothing', async () => {
      const order = await failedRefund();
      await retryRefund(rig.url, order.traceId);
      const before = await orderView(rig.url, order.traceId);
      expect(await retryRefund(rig.url, order.traceId)).to.deep.equal({ status: 409, body: { result: 'not_failed' } });
      expect(await orderView(rig.url, order.traceId)).to.deep.equal(before);
    });

    it('answers 404 not_found for an order without a refund, or no order at all', async () => {
      const order = await placeOrder(rig.url);
      expect(await retryRefund(rig.url, order.traceId)).to.deep.equal({ status: 404, body: { result: 'not_found' } });
      expect(await retryRefund(rig.url, randomUUID())).to.deep.equal({ status: 404, body: { result: 'not_found' } });
    });
  });

  describe('POST /admin/orders/:trace/reconcile', () => {
    it('finds a payment whose webhook was lost and moves the order to paid, as the webhook would have', async () => {
      const order = await placeOrder(rig.url, { memo: 'mock:lost-webhook' });
      expect((await pressOnCheckout(order)).status).to.equal(303);
      expect((await orderView(rig.url, order.traceId)).status, 'no webhook arrived').to.equal('awaiting_payment');
      const answer = await reconcileOrder(rig.url, order.traceId);
      expect(answer).to.deep.equal({
        status: 200,
        body: { result: 'reconciled', wallet_says: 'paid', before: 'awaiting_payment', status: 'paid' },
      });
      const view = await orderView(rig.url, order.traceId);
      expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment', 'paid']);
      expect(view.transfer).to.deep.include({ state: 'pending' });
    });

    it('leaves an order the wallet still sees as unpaid as it was', async () => {
      const order = await placeOrder(rig.url);
      const answer = await reconcileOrder(rig.url, order.traceId);
      expect(answer.body).to.deep.equal({
        result: 'reconciled',
        wallet_says: 'pending',
        before: 'awaiting_payment',
        status: 'awaiting_payment',
      });
    });

    it('answers 409 for an order whose payment is already known, and 404 for none', async () => {
      const order = await settledOrder(rig);
      const answer = await reconcileOrder(rig.url, order.traceId);
      expect(answer.status).to.equal(409);
      expect(answer.body).to.deep.include({ result: 'not_reconcilable', status: 'settled' });
      expect((await reconcileOrder(rig.url, randomUUID())).status).to.equal(404);
      expect((await reconcileOrder(rig.url, 'not-a-uuid')).status).to.equal(404);
    });
  });
});
