import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { ADMIN_BEARER, adminGet, orderView, statusesOf } from '../support/admin-orders.js';
import { MIXPAY_BOT, PAYEE, USDT } from '../support/fixtures.js';
import { placeOrder } from '../support/orders.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('GET /return/<trace_id>', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker();
  });
  after(async () => t.close());

  const getReturn = (id: string) => fetch(`${t.url}/return/${id}`, { redirect: 'manual' });

  it("answers 302 to the order's return_url", async () => {
    const returnUrl = `https://mixpay.me/pay/result?ref=${randomUUID()}`;
    const order = await placeOrder(t.url, { return_url: returnUrl });
    const res = await getReturn(order.traceId);
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal(returnUrl);
  });

  it('sends each order to its own return_url', async () => {
    const a = await placeOrder(t.url, { return_url: 'https://merchant-a.example/done' });
    const b = await placeOrder(t.url, { return_url: 'https://merchant-b.example/done' });
    expect((await getReturn(a.traceId)).headers.get('location')).to.equal('https://merchant-a.example/done');
    expect((await getReturn(b.traceId)).headers.get('location')).to.equal('https://merchant-b.example/done');
  });

  it('answers 404 for a trace_id it has no order for', async () => {
    const res = await getReturn(randomUUID());
    expect(res.status).to.equal(404);
    expect(res.headers.get('location')).to.equal(null);
  });

  it('answers 404 for an id that is not a UUID', async () => {
    const res = await getReturn('not-a-trace-id');
    expect(res.status).to.equal(404);
    expect(res.headers.get('location')).to.equal(null);
  });
});

describe('admin API with ADMIN_TOKEN set', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_BEARER });
  });
  after(async () => t.close());

  describe('authentication', () => {
    it('answers 401 without a token', async () => {
      const order = await placeOrder(t.url);
      const answer = await adminGet(t.url, `/admin/orders/${order.traceId}`, null);
      expect(answer.status).to.equal(401);
      expect(JSON.stringify(answer.body)).to.not.contain(order.traceId);
    });

    it('answers 401 to a wrong bearer token', async () => {
      const order = await placeOrder(t.url);
      const answer = await adminGet(t.url, `/admin/orders/${order.traceId}`, `${ADMIN_BEARER}x`);
      expect(answer.status).to.equal(401);
      expect(JSON.stringify(answer.body)).to.not.contain(order.traceId);
    });

    it('answers 401 to the right token sent with another scheme', async () => {
      const order = await placeOrder(t.url);
      const res = await fetch(`${t.url}/admin/orders/${order.traceId}`, { headers: { authorization: `Basic ${ADMIN_BEARER}` } });
      expect(res.status).to.equal(401);
    });
  });

  describe('GET /admin/orders/<trace_id>', () => {
    it('shows what the order is: status, wallet, asset, amount and fee', async () => {
      const order = await placeOrder(t.url, { amount: '10' });
      const view = await orderView(t.url, order.traceId);
      expect(view).to.include({ trace_id: order.traceId, status: 'awaiting_payment', wallet: 'mock', asset_id: USDT });
      expect(view.payee_id).to.equal(PAYEE);
      expect(view.opponent_id).to.equal(MIXPAY_BOT);
      // The mock wallet charges 1 % on USDT: 10 to MixPay, 0.1 to the broker.
      expect(new Decimal(view.amount).equals('10'), `amount ${view.amount}`).to.equal(true);
      expect(new Decimal(view.fee).equals('0.1'), `fee ${view.fee}`).to.equal(true);
    });

    it('shows the links create_order answered', async () => {
      const order = await placeOrder(t.url);
      const view = await orderView(t.url, order.traceId);
      expect(view.links).to.deep.equal(order.links);
    });

    it('shows creation and update times as ISO instants', async () => {
      const before = Date.now();
      const order = await placeOrder(t.url);
      const view = await orderView(t.url, order.traceId);
      expect(view.created_at).to.match(ISO_INSTANT);
      expect(view.updated_at).to.match(ISO_INSTANT);
      expect(Date.parse(view.created_at)).to.be.within(before - 1000, Date.now());
      expect(Date.parse(view.updated_at)).to.be.at.least(Date.parse(view.created_at));
    });

    it('shows the history of status changes, oldest first', async () => {
      const order = await placeOrder(t.url);
      const view = await orderView(t.url, order.traceId);
      expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment']);
      expect(view.history[0]!.from).to.equal(null);
      expect(view.history[1]!.from).to.equal('creating');
      for (const h of view.history) expect(h.at).to.match(ISO_INSTANT);
    });

    it('answers 404 for a trace_id it has no order for', async () => {
      const answer = await adminGet(t.url, `/admin/orders/${randomUUID()}`);
      expect(answer.status).to.equal(404);
    });
  });
});

describe('admin API without ADMIN_TOKEN', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker();
  });
  after(async () => t.close());

  it('answers 404 for an existing order, whatever token is sent', async () => {
    const order = await placeOrder(t.url);
    const withToken = await adminGet(t.url, `/admin/orders/${order.traceId}`, ADMIN_BEARER);
    const without = await adminGet(t.url, `/admin/orders/${order.traceId}`, null);
    expect([withToken.status, without.status]).to.deep.equal([404, 404]);
    expect(JSON.stringify(withToken.body)).to.not.contain(order.traceId);
  });
});
