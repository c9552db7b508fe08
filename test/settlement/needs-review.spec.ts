import { expect } from 'chai';
import { ADMIN_BEARER, orderView, statusesOf } from '../support/admin-orders.js';
import { reviewOrder } from '../support/admin-actions.js';
import { PAYEE, USDT, testConfig } from '../support/fixtures.js';
import { assetsRange } from '../support/mixpay-client.js';
import { deliverMockWebhook, mockEventBody } from '../support/mock-webhooks.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { openSettlementDb, type SettlementDb } from '../support/settlement-db.js';
import { settlementSteps } from '../support/settlement-steps.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * A payer who paid another amount (or currency) than amount + fee is never settled silently: the
 * order waits in needs_review with what the wallet reported, until an operator decides to settle it
 * anyway or to give the payer back exactly what they paid. Orders are 10 USDT at 1 % (10.1 due).
 */
describe('an order held for review after a wrong payment', () => {
  let t: TestBroker;
  let db: SettlementDb;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_BEARER, config: testConfig({ usdtBalance: '300' }) });
    db = await openSettlementDb();
  });
  after(async () => {
    await db.close();
    await t.close();
  });

  async function underpaid(amount = '10.05'): Promise<PlacedOrder> {
    const order = await placeOrder(t.url);
    const body = mockEventBody({ type: 'payment.succeeded', tradeNo: order.tradeNo, paymentId: order.paymentId, amount, currency: 'USDT' });
    expect((await deliverMockWebhook(t.url, 'mock', body)).status).to.equal(200);
    return order;
  }
  const usdtMax = async () =>
    (await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock' })).body.data.find((r) => r.asset_id === USDT)?.max;

  it('keeps what the wallet reported beside the order', async () => {
    const order = await underpaid();
    const view = await orderView(t.url, order.traceId);
    expect(view.status).to.equal('needs_review');
    expect(view.reported_payment).to.deep.equal({ amount: '10.05', currency: 'USDT' });
  });

  it('settle: MixPay gets its amount once, through the settlement worker', async () => {
    const order = await underpaid();
    const answer = await reviewOrder(t.url, order.traceId, 'settle', 'payer short by 0.05, broker covers it');
    expect(answer).to.deep.equal({ status: 202, body: { result: 'settling' } });
    await settlementSteps(t).settle();
    const view = await orderView(t.url, order.traceId);
    expect(statusesOf(view).slice(-3)).to.deep.equal(['needs_review', 'settling', 'settled']);
    const transfers = (await db.sandboxTransfers()).filter((r) => r.request_id === order.traceId);
    expect(transfers.map((r) => r.amount)).to.deep.equal(['10.00000000']);
  });

  it('refund: the payer gets back exactly what they paid, and the reservation is released', async () => {
    const before = await usdtMax();
    const order = await underpaid('10.07');
    const answer = await reviewOrder(t.url, order.traceId, 'refund');
    expect(answer.body).to.deep.equal({ result: 'refund_pending' });
    const view = await orderView(t.url, order.traceId);
    expect(view.status).to.equal('refund_pending');
    expect(view.refund).to.deep.include({ kind: 'review_refund', amount: '10.07000000', currency: 'USDT', state: 'pending' });
    expect(await usdtMax()).to.equal(before);
  });

  it('answers 409 for an order that is not in review and changes nothing', async () => {
    const order = await placeOrder(t.url);
    const answer = await reviewOrder(t.url, order.traceId, 'settle');
    expect(answer).to.deep.equal({ status: 409, body: { result: 'not_in_review' } });
    expect((await orderView(t.url, order.traceId)).status).to.equal('awaiting_payment');
  });

  it('refuses a decision it does not know', async () => {
    const order = await underpaid();
    expect((await reviewOrder(t.url, order.traceId, 'ignore')).status).to.equal(400);
    expect((await orderView(t.url, order.traceId)).status).to.equal('needs_review');
  });
});
