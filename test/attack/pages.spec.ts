import { expect } from 'chai';
import { ADMIN_TOKEN, adminOrder } from '../support/admin-client.js';
import { checkoutForms } from '../support/checkout.js';
import { placeOrder } from '../support/orders.js';
import { rawRequest } from '../support/raw-http.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * What the host guarantees on every page, so no plugin has to remember it: security headers,
 * a cross-site check on page actions, and 404 for paths no route can mean.
 */

describe('pages: security headers, CSRF and bad paths', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_TOKEN });
  });
  after(() => t.close());

  it('serves the checkout page with a CSP that forbids framing and scripts, nosniff, no referrer and no caching', async () => {
    const order = await placeOrder(t.url);
    const res = await fetch(order.links.checkout_url);
    expect(res.status).to.equal(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("frame-ancestors 'none'");
    expect(csp).to.include("default-src 'none'");
    expect(csp).to.not.include('script-src');
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('referrer-policy')).to.equal('no-referrer');
    expect(res.headers.get('cache-control')).to.equal('no-store');
  });

  for (const [name, path, auth] of [
    ['MixPay answers', '/mixpay/assets/range?payee_id=x&wallet=mock', false],
    ['admin answers', '/admin/wallets', true],
    ['errors', '/nowhere', false],
  ] as const) {
    it(`marks ${name} no-store and nosniff`, async () => {
      const res = await fetch(`${t.url}${path}`, auth ? { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } : {});
      expect(res.headers.get('cache-control')).to.equal('no-store');
      expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    });
  }

  for (const [name, headers] of [
    ["another site's Origin", { origin: 'https://evil.example' }],
    ['an opaque Origin (sandboxed frame)', { origin: 'null' }],
    ["another site's Referer and no Origin", { referer: 'https://evil.example/page' }],
    ['no Origin or Referer at all', {}],
    ['Sec-Fetch-Site cross-site and no Origin', { 'sec-fetch-site': 'cross-site' }],
  ] as const) {
    it(`refuses the Pay button posted with ${name} (403) and leaves the order unpaid`, async () => {
      const order = await placeOrder(t.url);
      const { pay } = await checkoutForms(order);
      const res = await fetch(pay!.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: '',
        redirect: 'manual',
      });
      expect(res.status).to.equal(403);
      expect((await adminOrder(t.url, order.traceId)).order?.status).to.equal('awaiting_payment');
    });
  }

  it("accepts the Pay button posted from the broker's own page (its Origin)", async () => {
    const order = await placeOrder(t.url);
    const { pay } = await checkoutForms(order);
    const res = await fetch(pay!.action, { method: 'POST', headers: { origin: new URL(t.url).origin }, redirect: 'manual' });
    expect(res.status).to.equal(303);
  });

  for (const path of [
    '/plugins/mock/checkout/x%00.html',
    '/plugins/mock/checkout/%00',
    '/plugins/mock/checkout/%E0%A4%A',
    '/plugins/mock/checkout/a%0Ab',
    '/plugins/mock/checkout/a%2Fb',
    '/return/%00',
    '/return/%E0%A4%A',
    '/return/x%00y',
  ]) {
    it(`answers 404 to ${path}`, async () => {
      const res = await rawRequest(t.url, { method: 'GET', path });
      expect(res.status).to.equal(404);
    });
  }

  it("answers 400 to a NUL byte in a plugin page's query", async () => {
    const order = await placeOrder(t.url);
    expect((await fetch(`${order.links.checkout_url}?x=%00`)).status).to.equal(400);
  });
});
