import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { ADMIN_BEARER, orderView } from '../support/admin-orders.js';
import { formsOf, getManual, submitForm, textOfClass, type PageForm } from '../support/browser.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * The mock wallet end to end over real HTTP, the way a payer's browser goes through it: MixPay's
 * create_order, the checkout page, a button, the broker's return route, MixPay's return_url.
 * orderRequest() orders 10 USDT; the mock wallet's USDT fee is 1 %, so the page asks for 10.1 USDT.
 */

interface CheckoutPage {
  readonly status: number;
  readonly amount: string;
  readonly currency: string;
  readonly pay: PageForm | undefined;
  readonly fail: PageForm | undefined;
}

async function openCheckout(order: PlacedOrder): Promise<CheckoutPage> {
  const res = await fetch(order.links.checkout_url);
  const html = await res.text();
  const [amount = '', currency = ''] = (textOfClass(html, 'amount') ?? '').split(/\s+/);
  const forms = formsOf(html, order.links.checkout_url);
  return {
    status: res.status,
    amount,
    currency,
    pay: forms.find((f) => f.label === 'Pay'),
    fail: forms.find((f) => f.label === 'Fail'),
  };
}

/** Presses a button and follows the browser through the broker's return route, one hop at a time. */
async function press(order: PlacedOrder, button: PageForm | undefined) {
  if (!button) throw new Error(`the checkout page of ${order.traceId} has no such button`);
  const pressed = await submitForm(button);
  const toBroker = pressed.headers.get('location');
  const returned = toBroker ? await getManual(new URL(toBroker, button.action).href) : null;
  return {
    pressStatus: pressed.status,
    toBroker,
    returnStatus: returned?.status ?? null,
    toMixPay: returned?.headers.get('location') ?? null,
  };
}

describe('mock wallet checkout, end to end', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_BEARER });
  });
  after(async () => t.close());

  const RETURN_URL = 'https://mixpay.me/pay/result';

  it('shows a checkout page asking for amount + fee in the asset currency, with Pay and Fail', async () => {
    const order = await placeOrder(t.url, { amount: '10' });
    const page = await openCheckout(order);
    expect(page.status).to.equal(200);
    expect(new Decimal(page.amount).equals('10.1'), `page shows ${page.amount}`).to.equal(true);
    expect(page.currency).to.equal('USDT');
    expect(page.pay, 'Pay button').to.not.equal(undefined);
    expect(page.fail, 'Fail button').to.not.equal(undefined);
  });

  describe('Pay', () => {
    let order: PlacedOrder;
    let journey: Awaited<ReturnType<typeof press>>;
    before(async () => {
      order = await placeOrder(t.url, { return_url: RETURN_URL });
      journey = await press(order, (await openCheckout(order)).pay);
    });

    it("answers 303 to the broker's return route for the order", () => {
      expect(journey.pressStatus).to.equal(303);
      expect(journey.toBroker).to.equal(`${t.url}/return/${order.traceId}`);
    });

    it("lands the browser on MixPay's return_url with a 302", () => {
      expect(journey.returnStatus).to.equal(302);
      expect(journey.toMixPay).to.equal(RETURN_URL);
    });

    it('leaves the order paid', async () => {
      expect((await orderView(t.url, order.traceId)).status).to.equal('paid');
    });
  });

  describe('Fail', () => {
    let order: PlacedOrder;
    let journey: Awaited<ReturnType<typeof press>>;
    before(async () => {
      order = await placeOrder(t.url, { return_url: RETURN_URL });
      journey = await press(order, (await openCheckout(order)).fail);
    });

    it("sends the browser through the broker's return route to MixPay's return_url", () => {
      expect([journey.pressStatus, journey.returnStatus]).to.deep.equal([303, 302]);
      expect(journey.toBroker).to.equal(`${t.url}/return/${order.traceId}`);
      expect(journey.toMixPay).to.equal(RETURN_URL);
    });

    it('leaves the order failed', async () => {
      expect((await orderView(t.url, order.traceId)).status).to.equal('failed');
    });
  });

  describe('Pay on an order whose memo asks the mock to decline (mock:decline)', () => {
    it('leaves the order failed', async () => {
      const order = await placeOrder(t.url, { memo: 'order 42 mock:decline' });
      const journey = await press(order, (await openCheckout(order)).pay);
      expect(journey.pressStatus).to.equal(303);
      expect((await orderView(t.url, order.traceId)).status).to.equal('failed');
    });
  });
});
