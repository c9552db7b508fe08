import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ADMIN_BEARER } from '../support/admin-orders.js';
import { eventually } from '../support/eventually.js';
import { PAYEE, testConfig, USDT } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { deliverMockWebhook, newEventId, paymentEventFor } from '../support/mock-webhooks.js';
import { placeOrder } from '../support/orders.js';
import { scrape, type Scrape } from '../support/prometheus-text.js';
import { startSettlementRig, type SettlementRig } from '../support/settlement-rig.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * GET /metrics after real traffic: each series moves by what was done, labels are route patterns
 * and configured wallets only, and the database-backed gauges say what the tables say.
 */

const P = 'mixpay_broker_';

describe('GET /metrics: the series move with what the broker does', () => {
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig();
  });
  after(() => rig.close());

  const now = async (): Promise<Scrape> => {
    const answer = await scrape(rig.url);
    expect(answer.status).to.equal(200);
    return answer.scrape;
  };
  const delta = (before: Scrape, after: Scrape, name: string, labels: Record<string, string>) =>
    (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);

  it('answers the Prometheus text format, with the process metrics under their standard names', async () => {
    const answer = await scrape(rig.url);
    expect(answer.type).to.match(/^text\/plain; version=0\.0\.4/);
    expect(answer.scrape.text).to.include(`# TYPE ${P}http_requests_total counter`);
    expect(answer.scrape.text).to.include(`# TYPE ${P}settlement_payment_to_broadcast_seconds histogram`);
    expect(answer.scrape.value('process_cpu_user_seconds_total')).to.be.a('number');
    expect(answer.scrape.samples('nodejs_heap_size_used_bytes')).to.have.length(1);
  });

  it('counts orders created and refused by wallet and code; a repeated create_order is not created twice', async () => {
    const before = await now();
    const order = await placeOrder(rig.url);
    expect((await createOrder(rig.url, order.request)).body.code).to.equal(0); // the same trace id again
    expect((await createOrder(rig.url, { ...order.request, trace_id: randomUUID(), amount: '1e3' })).body.code).to.equal(11000);
    expect((await createOrder(rig.url, { ...order.request, trace_id: randomUUID(), amount: '999999' })).body.code).to.equal(11000);
    const invented = `w${randomUUID().slice(0, 8)}`;
    expect((await createOrder(rig.url, { ...order.request, trace_id: randomUUID(), wallet: invented })).body.code).to.equal(11000);
    const after = await now();

    expect(delta(before, after, `${P}orders_created_total`, { wallet: 'mock' })).to.equal(1);
    expect(delta(before, after, `${P}orders_refused_total`, { wallet: 'mock', code: '11000' })).to.equal(2);
    expect(delta(before, after, `${P}orders_refused_total`, { wallet: 'unknown', code: '11000' })).to.equal(1);
    expect(after.text, 'a wallet nobody configured never becomes a label').to.not.include(invented);
  });

  it('counts webhooks accepted, duplicate and refused by wallet', async () => {
    const order = await placeOrder(rig.url);
    const paid = paymentEventFor(order, { id: newEventId() });
    const before = await now();
    expect((await deliverMockWebhook(rig.url, 'mock', paid)).status).to.equal(200);
    expect((await deliverMockWebhook(rig.url, 'mock', paid)).status).to.equal(200);
    expect((await deliverMockWebhook(rig.url, 'mock', paid, { secret: 'not-the-secret-0123456789abcdef' })).status).to.equal(401);
    const after = await now();
    for (const [outcome, n] of [
      ['accepted', 1],
      ['duplicate', 1],
      ['refused', 1],
    ] as const) {
      expect(delta(before, after, `${P}webhooks_total`, { wallet: 'mock', outcome }), outcome).to.equal(n);
    }
  });

  it('shows a paid order in the settlement outbox until its transfer, then counts and times the transfer', async () => {
    await rig.steps.settle(); // an empty outbox to start from
    const order = await placeOrder(rig.url);
    expect((await deliverMockWebhook(rig.url, 'mock', paymentEventFor(order))).status).to.equal(200);
    const queued = await now();
    expect(queued.value(`${P}outbox_depth`, { queue: 'settlement' })).to.equal(1);
    expect(queued.value(`${P}outbox_oldest_age_seconds`, { queue: 'settlement' })).to.be.within(0, 60);
    expect(queued.value(`${P}outbox_depth`, { queue: 'refunds' })).to.equal(0);

    expect(await rig.steps.settle()).to.equal(1);
    const settled = await now();
    expect(settled.value(`${P}outbox_depth`, { queue: 'settlement' })).to.equal(0);
    expect(settled.value(`${P}outbox_oldest_age_seconds`, { queue: 'settlement' })).to.equal(0);
    expect(delta(queued, settled, `${P}settlement_transfers_total`, { asset_id: USDT, outcome: 'settled' })).to.equal(1);
    expect(delta(queued, settled, `${P}settlement_payment_to_broadcast_seconds_count`, { asset_id: USDT })).to.equal(1);
    expect(delta(queued, settled, `${P}settlement_payment_to_broadcast_seconds_bucket`, { asset_id: USDT, le: '+Inf' })).to.equal(1);
  });

  it('reads balance, reserved and available per asset from the ledger at each scrape', async () => {
    const before = await now();
    await placeOrder(rig.url, { amount: '12.5' }); // reserves 12.5 USDT until it is paid or expires
    const after = await now();
    const balance = after.value(`${P}asset_balance`, { asset_id: USDT })!;
    expect(delta(before, after, `${P}asset_reserved`, { asset_id: USDT })).to.equal(12.5);
    expect(delta(before, after, `${P}asset_available`, { asset_id: USDT })).to.equal(-12.5);
    const reserved = after.value(`${P}asset_reserved`, { asset_id: USDT })!;
    expect(after.value(`${P}asset_available`, { asset_id: USDT })).to.equal(balance - reserved);
    expect(after.value(`${P}database_scrape_success`)).to.equal(1);
  });

  it("reports each wallet's state, and follows an operator's disable", async () => {
    expect((await now()).value(`${P}wallet_state`, { wallet: 'mock', state: 'active' })).to.equal(1);
    const post = (action: string) =>
      fetch(`${rig.url}/admin/wallets/mock/${action}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_BEARER}` } });
    expect((await post('disable')).status).to.equal(200);
    try {
      const paused = await now();
      expect(paused.value(`${P}wallet_state`, { wallet: 'mock', state: 'paused' })).to.equal(1);
      expect(paused.value(`${P}wallet_state`, { wallet: 'mock', state: 'active' })).to.equal(0);
    } finally {
      await post('enable');
    }
  });

  it('labels HTTP requests by route pattern and status, never by the raw path, with a latency histogram', async () => {
    const trace = randomUUID();
    const before = await now();
    expect((await fetch(`${rig.url}/return/${trace}`, { redirect: 'manual' })).status).to.equal(404);
    expect((await fetch(`${rig.url}/no/such/${trace}`)).status).to.equal(404);
    const ranges = await fetch(`${rig.url}/mixpay/assets/range?payee_id=${PAYEE}&wallet=mock`);
    expect(ranges.status).to.equal(200);
    const after = await now();

    expect(delta(before, after, `${P}http_requests_total`, { route: '/return/:traceId', method: 'GET', status: '404' })).to.equal(1);
    expect(delta(before, after, `${P}http_requests_total`, { route: 'unmatched', method: 'GET', status: '404' })).to.equal(1);
    expect(delta(before, after, `${P}http_requests_total`, { route: '/mixpay/assets/range', method: 'GET', status: '200' })).to.equal(1);
    expect(delta(before, after, `${P}http_request_duration_seconds_count`, { route: '/mixpay/assets/range', method: 'GET' })).to.equal(1);
    expect(after.text).to.not.include(trace);
  });
});

describe('GET /metrics: who may read it', () => {
  let brokers: TestBroker[] = [];
  afterEach(async () => {
    await Promise.all(brokers.map((b) => b.close()));
    brokers = [];
  });
  const start = async (options: Parameters<typeof startTestBroker>[0]) => {
    const t = await startTestBroker(options);
    brokers.push(t);
    return t;
  };

  it('needs the admin token by default: 401 without it or with a wrong one, 200 with it', async () => {
    const t = await start({ adminToken: ADMIN_BEARER });
    expect((await scrape(t.url, null)).status).to.equal(401);
    expect((await scrape(t.url, 'a-wrong-token-0123456789abcdef')).status).to.equal(401);
    expect((await fetch(`${t.url}/METRICS/`)).status, 'another spelling of the path').to.equal(401);
    expect((await scrape(t.url)).status).to.equal(200);
  });

  it('is not served at all without an admin token, unless metrics.public is set', async () => {
    const t = await start({});
    expect((await scrape(t.url, null)).status).to.equal(404);
  });

  it('answers anyone with metrics.public: true', async () => {
    const t = await start({ config: { ...testConfig(), metrics: { public: true } } });
    const answer = await scrape(t.url, null);
    expect(answer.status).to.equal(200);
    expect(answer.scrape.value(`${P}wallet_state`, { wallet: 'mock', state: 'active' })).to.equal(1);
  });

  it('gives each broker its own series (two brokers in one process count separately)', async () => {
    const a = await start({ adminToken: ADMIN_BEARER });
    const b = await start({ adminToken: ADMIN_BEARER, keepDatabase: true });
    await placeOrder(a.url);
    expect((await scrape(a.url)).scrape.value(`${P}orders_created_total`, { wallet: 'mock' })).to.equal(1);
    expect((await scrape(b.url)).scrape.value(`${P}orders_created_total`, { wallet: 'mock' })).to.equal(undefined);
  });

  it('records when each background worker last finished a step', async () => {
    const t = await start({ adminToken: ADMIN_BEARER, workers: true });
    const startedAt = Date.now() / 1000;
    const seen = await eventually(
      async () => (await scrape(t.url)).scrape,
      (s) =>
        ['settlement', 'refunds', 'incoming', 'expiry-reconciliation', 'balance-sync'].every(
          (worker) => (s.value(`${P}worker_last_success_timestamp_seconds`, { worker }) ?? 0) >= Math.floor(startedAt),
        ),
      { what: 'every worker to report a successful step' },
    );
    expect(seen.value(`${P}worker_last_success_timestamp_seconds`, { worker: 'settlement' })).to.be.at.most(Date.now() / 1000);
  });
});
