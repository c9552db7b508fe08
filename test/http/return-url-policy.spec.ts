import { expect } from 'chai';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { orderRequest, testConfig } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * /return/<trace_id> redirects the payer's browser to the order's return_url, which anyone can
 * register through create_order. So return_url must be https (http only with
 * mixpay.returnUrl.allowHttp), carry no credentials, and be on mixpay.returnUrl.allowedHosts when
 * that is set; create_order refuses anything else with 11000 naming return_url. The redirect checks
 * again: an order stored under an older policy never sends the payer to a now-forbidden target.
 */

function withReturnUrlPolicy(returnUrl: { allowHttp?: boolean; allowedHosts?: string[] }): BrokerConfigInput {
  return { ...testConfig(), mixpay: { returnUrl } };
}

const getReturn = (base: string, traceId: string) => fetch(`${base}/return/${traceId}`, { redirect: 'manual' });

describe('create_order: return_url under the default policy (https only, any host)', () => {
  let t: TestBroker;
  let db: TestDb;
  before(async () => {
    t = await startTestBroker();
    db = await openTestDb();
  });
  after(async () => {
    await db?.close();
    await t?.close();
  });

  const refusals = [
    { name: 'a plain http return_url', url: 'http://mixpay.me/pay/result', says: /must be an https URL/ },
    { name: 'a return_url with a user and password', url: 'https://user:pass@mixpay.me/pay/result', says: /must not contain credentials/ },
    { name: 'a return_url with a user name only', url: 'https://mixpay.me@evil.example/pay', says: /must not contain credentials/ },
    { name: 'a return_url with an empty user info (https://:@host)', url: 'https://:@mixpay.me/pay', says: /must not contain credentials/ },
  ];
  for (const c of refusals) {
    it(`refuses ${c.name} with 11000 naming return_url, storing nothing`, async () => {
      const answer = await createOrder(t.url, orderRequest({ return_url: c.url }));
      expectRefused(answer, 11000, 'return_url');
      expect(answer.body.message).to.match(c.says);
      expect(await db.count('orders')).to.equal(0);
    });
  }

  it('accepts an https return_url on any host', async () => {
    expectCheckout(await createOrder(t.url, orderRequest({ return_url: 'https://merchant.example/done' })));
  });
});

describe('create_order: return_url with mixpay.returnUrl.allowHttp (development)', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ config: withReturnUrlPolicy({ allowHttp: true }) });
  });
  after(async () => t?.close());

  it('accepts a plain http return_url', async () => {
    expectCheckout(await createOrder(t.url, orderRequest({ return_url: 'http://localhost:3000/done' })));
  });

  it('still refuses credentials in it', async () => {
    expectRefused(await createOrder(t.url, orderRequest({ return_url: 'http://user:pass@localhost:3000/done' })), 11000, 'return_url');
  });
});

describe('create_order: return_url with mixpay.returnUrl.allowedHosts', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ config: withReturnUrlPolicy({ allowedHosts: ['mixpay.me', '*.shop.example'] }) });
  });
  after(async () => t?.close());

  for (const url of ['https://mixpay.me/pay/result', 'https://eu.shop.example/done', 'https://a.b.shop.example/done']) {
    it(`accepts ${url}`, async () => {
      expectCheckout(await createOrder(t.url, orderRequest({ return_url: url })));
    });
  }

  for (const url of [
    'https://evil.example/',
    'https://shop.example/done', // "*.shop.example" means its subdomains, not the domain itself
    'https://evilshop.example/done',
    'https://mixpay.me.evil.example/',
    'https://api.mixpay.me/', // "mixpay.me" is that host exactly
    'https://mixpay.me:8443/pay', // and on its default port
  ]) {
    it(`refuses ${url} with 11000 naming return_url`, async () => {
      const answer = await createOrder(t.url, orderRequest({ return_url: url }));
      expectRefused(answer, 11000, 'return_url');
      expect(answer.body.message).to.match(/is not on an allowed host/);
    });
  }
});

describe('GET /return/<trace_id> for orders stored before the return_url policy changed', () => {
  let first: TestBroker | undefined;
  let t: TestBroker;
  let plainHttp: PlacedOrder;
  let otherHost: PlacedOrder;
  let allowed: PlacedOrder;
  before(async () => {
    first = await startTestBroker({ config: withReturnUrlPolicy({ allowHttp: true }) });
    plainHttp = await placeOrder(first.url, { return_url: 'http://mixpay.me/pay/result' });
    otherHost = await placeOrder(first.url, { return_url: 'https://evil.example/phish' });
    allowed = await placeOrder(first.url, { return_url: 'https://mixpay.me/pay/result' });
    await first.close();
    first = undefined;
    // Restarted on the same database with a stricter policy.
    t = await startTestBroker({ keepDatabase: true, config: withReturnUrlPolicy({ allowedHosts: ['mixpay.me'] }) });
  });
  after(async () => {
    await first?.close();
    await t?.close();
  });

  it('answers 404 without a Location for a now-forbidden http target', async () => {
    const res = await getReturn(t.url, plainHttp.traceId);
    expect(res.status).to.equal(404);
    expect(res.headers.get('location')).to.equal(null);
  });

  it('answers 404 without a Location for a target on a host no longer allowed', async () => {
    const res = await getReturn(t.url, otherHost.traceId);
    expect(res.status).to.equal(404);
    expect(res.headers.get('location')).to.equal(null);
  });

  it('logs the refused redirect as a warn line', () => {
    const lines = t.logs
      .records()
      .filter((r) => r.level === 'warn' && r.msg === 'return redirect refused: return_url not allowed by the current policy');
    expect(lines.map((r) => r.trace_id)).to.have.members([plainHttp.traceId, otherHost.traceId]);
  });

  it('still redirects an order whose target the policy allows', async () => {
    const res = await getReturn(t.url, allowed.traceId);
    expect(res.status).to.equal(302);
    expect(res.headers.get('location')).to.equal('https://mixpay.me/pay/result');
  });
});
