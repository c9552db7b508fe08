import { expect } from 'chai';
import { ExpireAndReconcile } from '../../src/application/orders/expire-and-reconcile.use-case.js';
import { ADMIN_BEARER, orderView } from '../support/admin-orders.js';
import { mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { deliverMockWebhook, mockEventBody } from '../support/mock-webhooks.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * A provider may notify before create_order has stored the checkout (the order is still
 * `creating`). The event is acknowledged and kept, never bounced back for redelivery (which could
 * meet the provider's replay guard), and applied once the order is ready.
 */
describe('a webhook that arrives while its order is still being created', () => {
  let t: TestBroker;
  before(async () => {
    const slowMock = mockWallet({ settings: { webhookSecret: 'test-mock-webhook-secret-0123456789', faults: { slowMs: 800 } } });
    t = await startTestBroker({ adminToken: ADMIN_BEARER, config: testConfig({ wallets: { mock: slowMock } }) });
  });
  after(async () => t.close());

  /** The wallet's payment.succeeded for the order, sent while its checkout is still being created. */
  const earlyPayment = (traceId: string) =>
    mockEventBody({
      type: 'payment.succeeded',
      tradeNo: traceId.replaceAll('-', ''),
      paymentId: 'early',
      amount: '10.1',
      currency: 'USDT',
    });

  it('is acknowledged at once, then applied by the reconciliation worker', async () => {
    const request = orderRequest({ memo: 'order mock:slow' });
    const traceId = String(request.trace_id);
    const creating = createOrder(t.url, request);
    await new Promise((r) => setTimeout(r, 300)); // create_order is now waiting on the slow wallet

    const body = earlyPayment(traceId);
    const early = await deliverMockWebhook(t.url, 'mock', body);
    expect(early.status).to.equal(200);
    expect((await orderView(t.url, traceId)).status).to.equal('creating');

    expect((await creating).body.code).to.equal(0);
    expect((await orderView(t.url, traceId)).status).to.equal('awaiting_payment');
    await t.broker.container.get(ExpireAndReconcile).runOnce();
    expect((await orderView(t.url, traceId)).status).to.equal('paid');
  });

  it('the same event delivered again after it was applied changes nothing', async () => {
    const request = orderRequest({ memo: 'order mock:slow' });
    const traceId = String(request.trace_id);
    const creating = createOrder(t.url, request);
    await new Promise((r) => setTimeout(r, 300));
    const body = earlyPayment(traceId);
    await deliverMockWebhook(t.url, 'mock', body);
    await creating;
    await t.broker.container.get(ExpireAndReconcile).runOnce();
    await deliverMockWebhook(t.url, 'mock', body);
    const view = await orderView(t.url, traceId);
    expect(view.history.filter((h: { to: string }) => h.to === 'paid')).to.have.length(1);
  });
});
