import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import type { OrderView } from '../../src/application/operations/get-order-view.query.js';
import { orderView, statusesOf } from '../support/admin-orders.js';
import { USDT } from '../support/fixtures.js';
import { deliverMockWebhook, mockEventBody, newEventId } from '../support/mock-webhooks.js';
import type { PlacedOrder } from '../support/orders.js';
import { expiresIn, paidOnCheckout, startSettlementRig, transfersOf, type SettlementRig } from '../support/settlement-rig.js';
import { TestClock } from '../support/test-clock.js';

/*
 * A payment the broker learns of after expired_at is never sent to MixPay: the payer gets
 * amount + fee back through the wallet, once.
 *
 * The mock's Pay button itself answers payment.expired once the deadline has passed, and the mock
 * refunds only payments it holds as paid. So the payer pays in time with the lost-webhook fault
 * (the mock holds the payment as paid, the broker hears nothing), and the notification reaches the
 * broker only after expired_at, signed then: for the broker, a late payment.
 */

interface MockRefund {
  refundId: string;
  providerRefundId: string;
  paymentId: string;
  amount: string;
  currency: string;
}

describe('a payment reported after expired_at (late payment)', () => {
  const clock = new TestClock();
  let rig: SettlementRig;
  let order: PlacedOrder;
  let reservedBefore: string;
  let view: OrderView;

  before(async () => {
    rig = await startSettlementRig({ clock });
    reservedBefore = (await rig.db.balance(USDT)).reserved;
    const expiredAt = expiresIn(rig, 600);
    order = await paidOnCheckout(rig, { expired_at: expiredAt, memo: 'order 9 mock:lost-webhook' });
    clock.set(new Date((Number(expiredAt) + 60) * 1000));
    const late = mockEventBody({
      id: newEventId(),
      type: 'payment.succeeded',
      tradeNo: order.tradeNo,
      paymentId: order.paymentId,
      amount: '10.1',
      currency: 'USDT',
    });
    expect((await deliverMockWebhook(rig.url, 'mock', late, { clock })).status).to.equal(200);
    view = await orderView(rig.url, order.traceId);
  });
  after(async () => rig.close());

  it('moves the order to refund_pending, through expired and never through paid', () => {
    expect(view.status).to.equal('refund_pending');
    expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment', 'expired', 'refund_pending']);
  });

  it('queues no transfer to MixPay and the settlement step sends none', async () => {
    expect(view.transfer).to.equal(null);
    expect(await rig.steps.settle()).to.equal(0);
    expect(await transfersOf(rig, order.traceId)).to.deep.equal([]);
  });

  it("releases the order's reservation", async () => {
    expect((await rig.db.reservation(order.traceId))?.state).to.equal('released');
    expect(new Decimal((await rig.db.balance(USDT)).reserved).toString()).to.equal(new Decimal(reservedBefore).toString());
  });

  it('queues a late_payment refund of amount + fee', () => {
    expect(view.refund).to.include({ kind: 'late_payment', state: 'pending', currency: 'USDT', attempts: 0 });
    expect(new Decimal(view.refund!.amount).toString()).to.equal(new Decimal(view.pay_amount).toString());
  });

  describe('then the refund step runs', () => {
    before(async () => {
      await rig.steps.refundPayers();
      view = await orderView(rig.url, order.traceId);
    });

    it("refunds the payer's amount + fee through the mock wallet, with the broker's refund id", async () => {
      const refunds = await rig.db.mockRefunds();
      expect(refunds).to.have.length(1);
      const [refund] = refunds as unknown as MockRefund[];
      expect(refund).to.include({ refundId: view.refund!.refund_id, paymentId: order.paymentId, currency: 'USDT' });
      expect(new Decimal(refund!.amount).toString()).to.equal(new Decimal(view.pay_amount).toString());
    });

    it('marks the order refunded and the refund succeeded, in one attempt', async () => {
      expect(view.status).to.equal('refunded');
      expect(view.refund).to.include({ state: 'succeeded', attempts: 1, last_error: null });
      const [refund] = (await rig.db.mockRefunds()) as unknown as MockRefund[];
      expect(view.refund!.provider_refund_id).to.equal(refund!.providerRefundId);
    });

    describe('and runs again, an hour later', () => {
      before(async () => {
        clock.advance(3_600_000);
        await rig.steps.refundPayers();
      });

      it('refunds nothing twice', async () => {
        expect(await rig.db.mockRefunds()).to.have.length(1);
        const payment = await rig.db.mockRecord<{ refunded: string }>(`payment:${order.paymentId}`);
        expect(new Decimal(payment!.refunded).toString()).to.equal(new Decimal(view.pay_amount).toString());
        const again = await orderView(rig.url, order.traceId);
        expect(again.status).to.equal('refunded');
        expect(again.refund).to.include({ state: 'succeeded', attempts: 1 });
        expect(again.history).to.deep.equal(view.history);
      });
    });
  });
});
