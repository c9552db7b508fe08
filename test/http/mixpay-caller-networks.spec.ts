import { expect } from 'chai';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { PAYEE, orderRequest, testConfig } from '../support/fixtures.js';
import type { Envelope } from '../support/mixpay-client.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * mixpay.allowFrom: /mixpay/* answers only callers from the listed networks (HTTP 200, 11001
 * otherwise, nothing written, a warn line with the caller's address). The caller is the socket's
 * peer (here always 127.0.0.1); X-Forwarded-For counts only when that peer is in http.trustedProxies,
 * read right to left past trusted hops.
 */

const MIXPAY_NET = '10.0.0.0/8';

function configWith(networks: Pick<BrokerConfigInput, 'http' | 'mixpay'>): BrokerConfigInput {
  return { ...testConfig(), ...networks };
}

async function call(
  base: string,
  path: string,
  init: { body?: unknown; forwardedFor?: string } = {},
): Promise<{ status: number; body: Envelope }> {
  const headers: Record<string, string> = {};
  if (init.forwardedFor !== undefined) headers['x-forwarded-for'] = init.forwardedFor;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Envelope };
}

const createFrom = (base: string, forwardedFor?: string) =>
  call(base, '/mixpay/create_order', { body: orderRequest(), ...(forwardedFor === undefined ? {} : { forwardedFor }) });

function refusalsLogged(t: TestBroker): Record<string, unknown>[] {
  return t.logs.records().filter((r) => r.level === 'warn' && r.msg === 'MixPay call refused: caller not in mixpay.allowFrom');
}

describe('mixpay.allowFrom: a caller outside the allowed networks', () => {
  let t: TestBroker;
  let db: TestDb;
  before(async () => {
    t = await startTestBroker({ config: configWith({ mixpay: { allowFrom: [MIXPAY_NET] } }) });
    db = await openTestDb();
  });
  after(async () => {
    await db?.close();
    await t?.close();
  });

  it('gets HTTP 200 with 11001 "No permission." from create_order, and nothing is stored', async () => {
    expectRefused(await createFrom(t.url), 11001);
    expect(await db.count('orders')).to.equal(0);
    expect(await db.count('reservations')).to.equal(0);
  });

  it('gets 11001 from assets/range too', async () => {
    expectRefused(await call(t.url, `/mixpay/assets/range?payee_id=${PAYEE}&wallet=mock`), 11001);
  });

  it('gets 11001 for a differently cased path the router would still match', async () => {
    expectRefused(await call(t.url, '/MIXPAY/create_order', { body: orderRequest() }), 11001);
    expect(await db.count('orders')).to.equal(0);
  });

  it('cannot pass by sending X-Forwarded-For with an allowed address: its peer is no trusted proxy', async () => {
    expectRefused(await createFrom(t.url, '10.1.2.3'), 11001);
    expect(await db.count('orders')).to.equal(0);
  });

  it("logs each refusal as a warn line with the caller's address", () => {
    const lines = refusalsLogged(t);
    expect(lines.length).to.be.at.least(4);
    for (const line of lines) expect(line.client_ip).to.equal('127.0.0.1');
  });
});

describe('mixpay.allowFrom: a caller inside the allowed networks', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ config: configWith({ mixpay: { allowFrom: ['192.0.2.0/24', '127.0.0.0/8'] } }) });
  });
  after(async () => t?.close());

  it('gets its order', async () => {
    expectCheckout(await createFrom(t.url));
    expect(refusalsLogged(t)).to.deep.equal([]);
  });
});

describe('http.trustedProxies: X-Forwarded-For from the load balancer in front', () => {
  let t: TestBroker;
  before(async () => {
    // The test's own connections come from 127.0.0.1: here that is the load balancer.
    t = await startTestBroker({ config: configWith({ http: { trustedProxies: ['127.0.0.1'] }, mixpay: { allowFrom: [MIXPAY_NET] } }) });
  });
  after(async () => t?.close());

  it('takes the forwarded client address: an allowed one gets its order', async () => {
    expectCheckout(await createFrom(t.url, '10.1.2.3'));
  });

  it('takes the rightmost untrusted hop: a forged allowed address to its left does not count', async () => {
    expectRefused(await createFrom(t.url, '10.1.2.3, 203.0.113.9'), 11001);
    expect(refusalsLogged(t).at(-1)?.client_ip).to.equal('203.0.113.9');
  });

  it('ignores what the caller wrote left of the hop the proxy added', async () => {
    expectCheckout(await createFrom(t.url, '203.0.113.9, 10.1.2.3'));
  });

  it('uses the peer itself when the proxy forwarded no address', async () => {
    expectRefused(await createFrom(t.url), 11001);
    expect(refusalsLogged(t).at(-1)?.client_ip).to.equal('127.0.0.1');
  });

  it('refuses a forwarded value that is no IP address', async () => {
    expectRefused(await createFrom(t.url, 'unknown'), 11001);
  });
});

describe('http.trustedProxies: a chain of trusted proxies', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({
      config: configWith({ http: { trustedProxies: ['127.0.0.1', '10.0.0.0/8'] }, mixpay: { allowFrom: ['192.0.2.0/24'] } }),
    });
  });
  after(async () => t?.close());

  it('skips every trusted hop, right to left, to the first untrusted one', async () => {
    expectCheckout(await createFrom(t.url, '203.0.113.9, 192.0.2.7, 10.9.9.9, 10.1.1.1'));
  });

  it('refuses when the first untrusted hop is outside allowFrom', async () => {
    expectRefused(await createFrom(t.url, '192.0.2.7, 203.0.113.9, 10.9.9.9'), 11001);
    expect(refusalsLogged(t).at(-1)?.client_ip).to.equal('203.0.113.9');
  });
});
