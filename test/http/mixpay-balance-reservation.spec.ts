import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, adminOrder } from '../support/admin-client.js';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { BTC, PAYEE, USDT, orderRequest, testConfig } from '../support/fixtures.js';
import { assetsRange, createOrder } from '../support/mixpay-client.js';
import { rangeMax } from '../support/range-helpers.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * An order is accepted only if its amount can be reserved against (balance − reserved) atomically;
 * otherwise 11002. A failed checkout releases its reservation.
 */

describe('create_order: a balance that cannot cover the amount', () => {
  let t: TestBroker;
  let db: TestDb;
  before(async () => {
    // The wallet allows up to 500 USDT, the treasury holds 5.
    t = await startTestBroker({ adminToken: ADMIN_TOKEN, config: testConfig({ usdtBalance: '5' }) });
    db = await openTestDb();
  });
  after(async () => {
    await db?.close();
    await t?.close();
  });

  it('answers 11002 "This payment is unavailable." to an amount above the available balance', async () => {
    expectRefused(await createOrder(t.url, orderRequest({ amount: '5.00000001' })), 11002);
  });

  it('stores no order and reserves nothing when it answers 11002', async () => {
    const body = orderRequest({ amount: '10' });
    expectRefused(await createOrder(t.url, body), 11002);
    expect((await adminOrder(t.url, body.trace_id as string)).status).to.equal(404);
    expect(await db.count('orders')).to.equal(0);
    expect(await db.count('reservations')).to.equal(0);
    expect(await db.reserved(USDT)).to.equal('0.00000000');
    expect(await rangeMax(t.url, USDT)).to.equal('5.00000000');
  });

  it('accepts an amount of exactly the available balance, after which it refuses the next one', async () => {
    expectCheckout(await createOrder(t.url, orderRequest({ amount: '5' })));
    expectRefused(await createOrder(t.url, orderRequest({ amount: '0.1' })), 11002);
    expect(await db.reserved(USDT)).to.equal('5.00000000');
  });
});

describe('create_order: concurrent orders against one balance', () => {
  let t: TestBroker;
  let db: TestDb;
  before(async () => {
    // 100 USDT covers exactly ten orders of 10.
    t = await startTestBroker({ config: testConfig({ usdtBalance: '100' }) });
    db = await openTestDb();
  });
  after(async () => {
    await db?.close();
    await t?.close();
  });

  let codes: number[] = [];
  before(async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => createOrder(t.url, orderRequest({ amount: '10', trace_id: randomUUID() }))),
    );
    codes = answers.map((a) => a.body.code);
  });

  it('accepts exactly as many of 50 simultaneous orders as the balance covers (10) and answers 11002 to the other 40', () => {
    expect(codes.filter((c) => c === 0)).to.have.length(10);
    expect(codes.filter((c) => c === 11002)).to.have.length(40);
  });

  it('reserves exactly the whole balance, 100.00000000, in asset_balances.reserved', async () => {
    expect(await db.reserved(USDT)).to.equal('100.00000000');
  });

  it('holds one reservation per accepted order and stores no refused one', async () => {
    expect(await db.count('reservations', "state = 'held'")).to.equal(10);
    expect(await db.count('orders')).to.equal(10);
  });

  it('then offers no USDT range at all, since nothing is left', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'mock' });
    expect(res.body.code).to.equal(0);
    expect(res.body.data.map((r) => r.asset_id)).to.deep.equal([BTC]);
  });
});

describe('create_order: a wallet that fails to create the checkout', () => {
  let t: TestBroker;
  let db: TestDb;
  before(async () => {
    t = await startTestBroker({ adminToken: ADMIN_TOKEN, config: testConfig({ usdtBalance: '300' }) });
    db = await openTestDb();
  });
  after(async () => {
    await db?.close();
    await t?.close();
  });

  // The mock plugin fails the checkout of an order whose memo contains `mock:error`.
  it('answers 11002 when the wallet fails', async () => {
    expectRefused(await createOrder(t.url, orderRequest({ memo: 'PM|x|mock:error' })), 11002);
  });

  it('releases the reservation, so assets/range max is back to the full balance', async () => {
    expect(await rangeMax(t.url, USDT)).to.equal('300.00000000');
    const body = orderRequest({ amount: '120', memo: 'mock:error' });
    expectRefused(await createOrder(t.url, body), 11002);
    expect(await rangeMax(t.url, USDT)).to.equal('300.00000000');
    expect(await db.reserved(USDT)).to.equal('0.00000000');
    expect(await db.count('reservations', "state = 'held'")).to.equal(0);
  });

  it('keeps the order as failed, with no links', async () => {
    const body = orderRequest({ memo: 'mock:error' });
    expectRefused(await createOrder(t.url, body), 11002);
    const { order } = await adminOrder(t.url, body.trace_id as string);
    expect(order).to.include({ status: 'failed', links: null });
  });

  it('still accepts the next order for the full balance', async () => {
    expectCheckout(await createOrder(t.url, orderRequest({ amount: '300' })));
    expect(await db.reserved(USDT)).to.equal('300.00000000');
  });
});
