import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ADMIN_BEARER, orderView } from '../support/admin-orders.js';
import { cli } from '../support/cli.js';
import { placeOrder } from '../support/orders.js';
import { freePort, startTestBroker, type TestBroker } from '../support/test-broker.js';

/* The CLI's commands that act, against a real broker's admin API. */

describe('broker CLI against a running broker', () => {
  let t: TestBroker;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_BEARER });
    env = { BROKER_URL: t.url, ADMIN_TOKEN: ADMIN_BEARER };
  });
  after(() => t.close());

  it("orders show <trace>: the order, its history as a table, and --json the admin API's answer as is", async () => {
    const order = await placeOrder(t.url);
    const run = await cli(['orders', 'show', order.traceId], env);
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.match(new RegExp(`^trace_id +${order.traceId}$`, 'm'));
    expect(run.out).to.match(/^status +awaiting_payment$/m);
    expect(run.out).to.match(/^amount +10\.00000000$/m);
    expect(run.out).to.match(/^deep_link +""$/m);
    expect(run.out).to.match(/^history\nAT +FROM +TO +CAUSE\n/m);
    const json = await cli(['orders', 'show', order.traceId, '--json'], env);
    expect(JSON.parse(json.out)).to.deep.equal(await orderView(t.url, order.traceId));
  });

  it('orders show of an unknown trace id exits 1 and says so', async () => {
    const trace = randomUUID();
    expect(await cli(['orders', 'show', trace], env)).to.deep.equal({
      code: 1,
      out: '',
      err: `GET /admin/orders/${trace}: 404 order not found (no order has this trace id)\n`,
    });
  });

  it("settlement retry of an order that has not failed exits 1 with the broker's reason", async () => {
    const order = await placeOrder(t.url);
    const run = await cli(['settlement', 'retry', order.traceId], env);
    expect(run.code).to.equal(1);
    expect(run.err).to.equal(
      `POST /admin/orders/${order.traceId}/retry-settlement: 409 not_failed (only a settlement_failed order can be retried)\n`,
    );
  });

  it('wallets list shows each wallet and its assets; disable and enable switch new orders off and on', async () => {
    const list = await cli(['wallets', 'list'], env);
    expect(list.code, list.err).to.equal(0);
    expect(list.out).to.match(/^WALLET +PLUGIN +STATUS +TAKING_ORDERS/m);
    expect(list.out).to.match(/^mock +mock +active +true +false +false +0/m);
    expect(list.out).to.match(/^mock +USDT +4d8c508b-91c5-375b-92b0-ee702ed2dac5 +0\.10000000 +500\.00000000 +0\.0100 +1000\.00000000 /m);

    const off = await cli(['wallets', 'disable', 'mock'], env);
    expect(off.code, off.err).to.equal(0);
    expect(off.out).to.match(/^mock takes no new orders\n/);
    const listed = async () => JSON.parse((await cli(['wallets', 'list', '--json'], env)).out)[0];
    expect(await listed()).to.include({ wallet: 'mock', paused: true, taking_orders: false });
    expect((await cli(['wallets', 'enable', 'mock'], env)).out).to.match(/^mock takes new orders again\n/);
    expect(await listed()).to.include({ paused: false, taking_orders: true });
    expect((await cli(['wallets', 'disable', 'nope'], env)).err).to.equal(
      'POST /admin/wallets/nope/disable: 404 unknown wallet (no wallet has this identifier)\n',
    );
  });

  it('says what is wrong when the token is wrong or missing, or the broker is not there', async () => {
    expect((await cli(['wallets', 'list'], { ...env, ADMIN_TOKEN: 'not-the-token-0123456789' })).err).to.equal(
      "GET /admin/wallets: 401 unauthorized: ADMIN_TOKEN is not this broker's admin token\n",
    );
    expect((await cli(['wallets', 'list'], { BROKER_URL: t.url })).err).to.match(/^ADMIN_TOKEN is not set/);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await cli(['wallets', 'list'], { BROKER_URL: closed, ADMIN_TOKEN: ADMIN_BEARER });
    expect(down.code).to.equal(1);
    expect(down.err).to.equal(`cannot reach the broker at ${closed} (ECONNREFUSED); is BROKER_URL right?\n`);
  });
});
