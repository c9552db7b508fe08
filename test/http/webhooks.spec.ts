import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { ADMIN_BEARER, adminGet, orderView, statusesOf } from '../support/admin-orders.js';
import { PAYEE, USDT, testConfig } from '../support/fixtures.js';
import { assetsRange } from '../support/mixpay-client.js';
import { deliverMockWebhook, paymentEventFor, mockEventBody, newEventId, unixSeconds } from '../support/mock-webhooks.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import { TestClock } from '../support/test-clock.js';

/*
 * Orders are placed with orderRequest()'s defaults: 10 USDT on the mock wallet, whose USDT fee is
 * 0.01 (1 %), so the payer owes 10.1 USDT.
 */
const PAY_AMOUNT = '10.1';
const ACK = '{"received":true}';

const eventFor = paymentEventFor;

describe('POST /webhooks/<wallet> (mock wallet)', () => {
  let t: TestBroker;
  before(async () => {
    // USDT balance 300 under a configured max of 500: assets/range max shows what is reserved.
    t = await startTestBroker({ adminToken: ADMIN_BEARER, config: testConfig({ usdtBalance: '300' }) });
  });
  after(async () => t.close());

  const statusOf = async (order: PlacedOrder) => (await orderView(t.url, order.traceId)).status;
  const usdtMax = async (): Promise<Decimal> => {
    const range = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock' });
    const row = range.body.data.find((r) => r.asset_id === USDT);
    if (!row) throw new Error(`no USDT row in assets/range: ${JSON.stringify(range.body)}`);
    return new Decimal(row.max);
  };

  describe('a verified payment', () => {
    it('marks the order paid when amount + fee arrive in the configured currency', async () => {
      const order = await placeOrder(t.url);
      await deliverMockWebhook(t.url, 'mock', eventFor(order));
      expect(await statusOf(order)).to.equal('paid');
    });

    it("answers with the mock wallet's acknowledgement", async () => {
      const order = await placeOrder(t.url);
      const answer = await deliverMockWebhook(t.url, 'mock', eventFor(order));
      expect(answer.status).to.equal(200);
      expect(answer.contentType).to.contain('application/json');
      expect(answer.text).to.equal(ACK);
    });
  });

  describe('signature checks', () => {
    const expectRejectedAndUnchanged = async (order: PlacedOrder, answer: { status: number }) => {
      expect(answer.status).to.equal(401);
      const view = await orderView(t.url, order.traceId);
      expect(view.status).to.equal('awaiting_payment');
      expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment']);
    };

    it('refuses a body signed with the wrong secret, leaving the order unchanged', async () => {
      const order = await placeOrder(t.url);
      const answer = await deliverMockWebhook(t.url, 'mock', eventFor(order), { secret: 'someone-elses-secret-0123456789' });
      await expectRejectedAndUnchanged(order, answer);
    });

    it('refuses a body altered after signing, leaving the order unchanged', async () => {
      const order = await placeOrder(t.url);
      const signed = eventFor(order, { amount: '0.00000001' });
      const sent = eventFor(order);
      const answer = await deliverMockWebhook(t.url, 'mock', sent, { signedBody: signed });
      await expectRejectedAndUnchanged(order, answer);
    });

    it('refuses a signature older than 300 seconds, leaving the order unchanged', async () => {
      const order = await placeOrder(t.url);
      const answer = await deliverMockWebhook(t.url, 'mock', eventFor(order), { signedAt: unixSeconds() - 301 });
      await expectRejectedAndUnchanged(order, answer);
    });

    it('refuses a delivery without the signature header, leaving the order unchanged', async () => {
      const order = await placeOrder(t.url);
      const answer = await deliverMockWebhook(t.url, 'mock', eventFor(order), { signed: false });
      await expectRejectedAndUnchanged(order, answer);
    });
  });

  describe('routing and format', () => {
    it('answers 400 to a correctly signed body that is not a valid event, leaving the order unchanged', async () => {
      const order = await placeOrder(t.url);
      const body = JSON.stringify({ id: newEventId(), type: 'payment.succeeded', data: { merchant_trade_no: order.tradeNo } });
      const answer = await deliverMockWebhook(t.url, 'mock', body);
      expect(answer.status).to.equal(400);
      expect(await statusOf(order)).to.equal('awaiting_payment');
    });

    it('answers 404 for a wallet identifier that is not configured', async () => {
      const order = await placeOrder(t.url);
      const answer = await deliverMockWebhook(t.url, 'nosuchwallet', eventFor(order));
      expect(answer.status).to.equal(404);
      expect(await statusOf(order)).to.equal('awaiting_payment');
    });

    it('acknowledges an event for a merchant_trade_no it has no order for, and creates no order', async () => {
      const stranger = randomUUID();
      const body = mockEventBody({
        type: 'payment.succeeded',
        tradeNo: stranger.replaceAll('-', ''),
        paymentId: 'pay_unknown',
        amount: PAY_AMOUNT,
        currency: 'USDT',
      });
      const answer = await deliverMockWebhook(t.url, 'mock', body);
      expect(answer.status).to.equal(200);
      expect(answer.text).to.equal(ACK);
      expect((await adminGet(t.url, `/admin/orders/${stranger}`)).status).to.equal(404);
    });

    it('acknowledges an event whose merchant_trade_no is not one of our references at all', async () => {
      // Another integration on the same provider account may use free-form trade numbers.
      const body = mockEventBody({
        type: 'payment.succeeded',
        tradeNo: 'SHOP-ORDER-42',
        paymentId: 'pay_foreign',
        amount: PAY_AMOUNT,
        currency: 'USDT',
      });
      const answer = await deliverMockWebhook(t.url, 'mock', body);
      expect(answer.status).to.equal(200);
      expect(answer.text).to.equal(ACK);
    });
  });

  describe('ordering and repetition', () => {
    it('applies a redelivered event once: the history holds one paid transition', async () => {
      const order = await placeOrder(t.url);
      const body = eventFor(order, { id: newEventId() });
      const first = await deliverMockWebhook(t.url, 'mock', body);
      const second = await deliverMockWebhook(t.url, 'mock', body);
      expect([first.status, second.status]).to.deep.equal([200, 200]);
      const view = await orderView(t.url, order.traceId);
      expect(view.status).to.equal('paid');
      expect(statusesOf(view).filter((s) => s === 'paid')).to.have.length(1);
    });

    it('ignores a payment.failed that arrives after the order was paid', async () => {
      const order = await placeOrder(t.url);
      await deliverMockWebhook(t.url, 'mock', eventFor(order));
      const before = await orderView(t.url, order.traceId);
      const late = await deliverMockWebhook(t.url, 'mock', eventFor(order, { type: 'payment.failed' }));
      expect(late.status).to.equal(200);
      const after = await orderView(t.url, order.traceId);
      expect(after.status).to.equal('paid');
      expect(after.history).to.deep.equal(before.history);
    });
  });

  describe('failure and expiry', () => {
    it('marks an awaiting order failed on payment.failed', async () => {
      const order = await placeOrder(t.url);
      await deliverMockWebhook(t.url, 'mock', eventFor(order, { type: 'payment.failed' }));
      expect(await statusOf(order)).to.equal('failed');
    });

    it('releases the reservation of a failed order: assets/range max is restored', async () => {
      const maxBefore = await usdtMax();
      const order = await placeOrder(t.url);
      expect((await usdtMax()).toString()).to.equal(maxBefore.minus('10').toString());
      await deliverMockWebhook(t.url, 'mock', eventFor(order, { type: 'payment.failed' }));
      expect((await usdtMax()).toString()).to.equal(maxBefore.toString());
    });

    it('marks an awaiting order expired on payment.expired', async () => {
      const order = await placeOrder(t.url);
      await deliverMockWebhook(t.url, 'mock', eventFor(order, { type: 'payment.expired' }));
      expect(await statusOf(order)).to.equal('expired');
    });
  });

  describe('payments that do not match the order', () => {
    it('sends a payment of the wrong amount to review', async () => {
      const order = await placeOrder(t.url);
      await deliverMockWebhook(t.url, 'mock', eventFor(order, { amount: '10' })); // the fee is missing
      expect(await statusOf(order)).to.equal('needs_review');
    });

    it('sends a payment in the wrong currency to review', async () => {
      const order = await placeOrder(t.url);
      await deliverMockWebhook(t.url, 'mock', eventFor(order, { currency: 'BTC' }));
      expect(await statusOf(order)).to.equal('needs_review');
    });
  });
});

describe('POST /webhooks/<wallet>: a payment after the deadline', () => {
  let t: TestBroker;
  const clock = new TestClock();
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_BEARER, clock });
  });
  after(async () => t.close());

  it('moves the order to refund_pending, never through paid', async () => {
    const expiredAt = unixSeconds(clock.now()) + 600;
    const order = await placeOrder(t.url, { expired_at: String(expiredAt) });
    clock.set(new Date((expiredAt + 60) * 1000));
    const answer = await deliverMockWebhook(t.url, 'mock', eventFor(order), { clock });
    expect(answer.status).to.equal(200);
    const view = await orderView(t.url, order.traceId);
    expect(view.status).to.equal('refund_pending');
    expect(statusesOf(view)).to.not.include('paid');
  });
});
