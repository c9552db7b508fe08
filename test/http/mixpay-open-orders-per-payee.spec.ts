import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { OTHER_PAYEE, PAYEE, orderRequest, testConfig } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { placeOrder } from '../support/orders.js';
import { expiresIn, paidOnCheckout, startSettlementRig, type SettlementRig } from '../support/settlement-rig.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import { TestClock } from '../support/test-clock.js';

/*
 * mixpay.maxOpenOrdersPerPayee bounds the unfinished orders (balance still reserved) one payee
 * holds; beyond it create_order answers 11002, with a warn line and an alert. The count and the new
 * reservation are one atomic step, so simultaneous orders cannot overshoot the bound.
 */

function limitedTo(maxOpenOrdersPerPayee: number): BrokerConfigInput {
  return { ...testConfig(), mixpay: { maxOpenOrdersPerPayee } };
}

const heldFor = (payee: string) => `state = 'held' and order_ref in (select trace_id from orders where payee_id = '${payee}')`;

describe('create_order: 20 simultaneous orders for one payee limited to 3 open orders', () => {
  let t: TestBroker;
  let db: TestDb;
  let codes: number[];
  before(async () => {
    t = await startTestBroker({ config: limitedTo(3) });
    db = await openTestDb();
    const answers = await Promise.all(Array.from({ length: 20 }, () => createOrder(t.url, orderRequest({ payee_id: PAYEE }))));
    codes = answers.map((a) => a.body.code);
  });
  after(async () => {
    await db?.close();
    await t?.close();
  });

  it('accepts exactly 3 and answers 11002 to the other 17', () => {
    expect(codes.filter((c) => c === 0)).to.have.length(3);
    expect(codes.filter((c) => c === 11002)).to.have.length(17);
  });

  it('holds exactly 3 reservations for the payee and stores no refused order', async () => {
    expect(await db.count('reservations', heldFor(PAYEE))).to.equal(3);
    expect(await db.count('orders')).to.equal(3);
  });

  it('logs each refusal as a warn line naming the payee, and raises an alert', () => {
    const records = t.logs.records();
    const refusals = records.filter((r) => r.level === 'warn' && r.msg === 'order refused: payee holds too many open orders');
    expect(refusals).to.have.length(17);
    for (const r of refusals) expect(r).to.include({ payee_id: PAYEE, max_open_orders: 3 });
    expect(records.some((r) => r.alert === `open-orders-per-payee:${PAYEE}`)).to.equal(true);
  });

  it('still accepts an order for another payee', async () => {
    expectCheckout(await createOrder(t.url, orderRequest({ payee_id: OTHER_PAYEE })));
  });

  it('answers a repeat of an accepted order with its first answer, not 11002', async () => {
    const body = orderRequest({ payee_id: OTHER_PAYEE, trace_id: randomUUID() });
    const first = await createOrder(t.url, body);
    expectCheckout(first);
    // OTHER_PAYEE now holds 2 of 3; the repeat must not count as a third order.
    const again = await createOrder(t.url, body);
    expect(again.body).to.deep.equal(first.body);
    expect(await db.count('reservations', heldFor(OTHER_PAYEE))).to.equal(2);
  });
});

describe('create_order: a payee at its open-order limit (1) gets its slot back when the order finishes', () => {
  const clock = new TestClock();
  let rig: SettlementRig;
  before(async () => {
    rig = await startSettlementRig({ clock, config: limitedTo(1) });
  });
  after(async () => rig?.close());

  const orderFor = (payee: string) => createOrder(rig.url, orderRequest({ payee_id: payee, expired_at: expiresIn(rig, 900) }));

  it('accepts a new order once the open one has expired', async () => {
    await placeOrder(rig.url, { payee_id: PAYEE, expired_at: expiresIn(rig, 120) });
    expectRefused(await orderFor(PAYEE), 11002);
    clock.advance(121_000);
    await rig.steps.expireAndReconcile();
    expectCheckout(await orderFor(PAYEE));
  });

  it('accepts a new order once the open one has been paid and settled', async () => {
    await paidOnCheckout(rig, { payee_id: OTHER_PAYEE });
    expectRefused(await orderFor(OTHER_PAYEE), 11002);
    await rig.steps.settle();
    expectCheckout(await orderFor(OTHER_PAYEE));
  });
});
