import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { cli, fakeAdminApi } from '../support/cli.js';

/*
 * `orders list` and `reconcile` use admin routes another branch adds (GET /admin/orders with its
 * filters, POST /admin/orders/:trace/reconcile). Until they are here, a small fake of that
 * contract stands in: what the CLI asks, and how it shows the answer.
 */

const TOKEN = 'fake-admin-token-0123456789';

describe('broker orders list (GET /admin/orders)', () => {
  const orders = [
    {
      trace_id: randomUUID(),
      status: 'paid',
      wallet: 'mock',
      amount: '12.5',
      fee: '0.125',
      currency: 'USDT',
      created_at: '2026-01-02T03:04:05.000Z',
    },
    {
      trace_id: randomUUID(),
      status: 'settled',
      wallet: 'binance',
      amount: '0.001',
      fee: '0.00001',
      currency: 'BTC',
      created_at: '2026-01-02T03:00:00.000Z',
    },
  ];
  let api: Awaited<ReturnType<typeof fakeAdminApi>>;
  before(async () => {
    api = await fakeAdminApi({ 'GET /admin/orders': { status: 200, body: { orders, next_cursor: 'c2' } } });
  });
  after(() => api.close());
  const env = () => ({ BROKER_URL: api.url, ADMIN_TOKEN: TOKEN });

  it('passes every filter as the query the route reads, with the admin token', async () => {
    const run = await cli(
      [
        'orders',
        'list',
        '--status',
        'paid',
        '--wallet',
        'mock',
        '--asset-id',
        'a1',
        '--payee-id',
        'p1',
        '--from',
        '2026-01-01',
        '--to',
        '2026-02-01',
        '--q',
        'x y',
        '--limit',
        '50',
        '--cursor',
        'c1',
      ],
      env(),
    );
    expect(run.code, run.err).to.equal(0);
    const call = api.calls.at(-1)!;
    expect(call.authorization).to.equal(`Bearer ${TOKEN}`);
    expect(Object.fromEntries(new URL(call.url, api.url).searchParams)).to.deep.equal({
      status: 'paid',
      wallet: 'mock',
      asset_id: 'a1',
      payee_id: 'p1',
      from: '2026-01-01',
      to: '2026-02-01',
      q: 'x y',
      limit: '50',
      cursor: 'c1',
    });
  });

  it('shows the orders as a table, and how to ask for the next page', async () => {
    const run = await cli(['orders', 'list'], env());
    expect(api.calls.at(-1)!.url).to.equal('/admin/orders');
    const lines = run.out.split('\n');
    expect(lines[0]).to.match(/^TRACE_ID +STATUS +WALLET +AMOUNT +FEE +CURRENCY +CREATED_AT$/);
    expect(lines[1]).to.match(new RegExp(`^${orders[0]!.trace_id} +paid +mock +12\\.5 +0\\.125 +USDT +2026-01-02T03:04:05\\.000Z$`));
    expect(lines[2]).to.match(/ settled +binance +0\.001 +0\.00001 +BTC /);
    expect(run.out).to.include('more: add --cursor c2\n');
  });

  it('--json prints the answer as is, for scripts', async () => {
    expect(JSON.parse((await cli(['orders', 'list', '--json'], env())).out)).to.deep.equal({ orders, next_cursor: 'c2' });
  });
});

describe('broker reconcile (POST /admin/orders/:trace/reconcile)', () => {
  const trace = randomUUID();
  let api: Awaited<ReturnType<typeof fakeAdminApi>>;
  before(async () => {
    api = await fakeAdminApi({
      [`POST /admin/orders/${trace}/reconcile`]: { status: 200, body: { trace_id: trace, outcome: 'paid', status: 'paid' } },
    });
  });
  after(() => api.close());

  it('asks the broker to reconcile the order and shows what it answered', async () => {
    const run = await cli(['reconcile', trace], { BROKER_URL: api.url, ADMIN_TOKEN: TOKEN });
    expect(run.code, run.err).to.equal(0);
    expect(api.calls.at(-1)).to.include({ method: 'POST', url: `/admin/orders/${trace}/reconcile` });
    expect(run.out).to.equal(`trace_id  ${trace}\noutcome   paid\nstatus    paid\n`);
  });

  it('exits 1 naming the order when the broker does not have it, and 2 without a trace id', async () => {
    const other = randomUUID();
    const run = await cli(['reconcile', other], { BROKER_URL: api.url, ADMIN_TOKEN: TOKEN });
    const err = `POST /admin/orders/${other}/reconcile: 404 not found (no order has this trace id)\n`;
    expect(run).to.deep.equal({ code: 1, out: '', err });
    expect((await cli(['reconcile'], { BROKER_URL: api.url, ADMIN_TOKEN: TOKEN })).code).to.equal(2);
  });
});
