import { expect } from 'chai';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { orderRequest, testConfig } from '../support/fixtures.js';
import { createOrder } from '../support/mixpay-client.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import { TestClock } from '../support/test-clock.js';

/*
 * An order holds its balance reservation until expired_at, so expired_at may lie at most
 * mixpay.maxOrderLifetimeSeconds ahead (default 24 hours); beyond it create_order answers 11000
 * naming expired_at and stores nothing. The broker's clock is a test clock, so the bound is exact.
 */

const DAY = 86_400;
const secondsAfter = (clock: TestClock, seconds: number) => String(Math.floor(clock.now().getTime() / 1000) + seconds);

describe('create_order: expired_at at most maxOrderLifetimeSeconds ahead (default 24 hours)', () => {
  const clock = new TestClock();
  let t: TestBroker;
  let db: TestDb;
  before(async () => {
    t = await startTestBroker({ clock });
    db = await openTestDb();
  });
  after(async () => {
    await db?.close();
    await t?.close();
  });

  it('refuses expired_at = 99999999999 (the year 5138) with 11000 naming expired_at, storing nothing', async () => {
    const answer = await createOrder(t.url, orderRequest({ expired_at: '99999999999' }));
    expectRefused(answer, 11000, 'expired_at');
    expect(answer.body.message).to.equal('Parameter error: expired_at is more than 24 hours ahead.');
    expect(await db.count('orders')).to.equal(0);
    expect(await db.count('reservations')).to.equal(0);
  });

  it('refuses expired_at one second past 24 hours ahead', async () => {
    expectRefused(await createOrder(t.url, orderRequest({ expired_at: secondsAfter(clock, DAY + 1) })), 11000, 'expired_at');
  });

  it('accepts expired_at exactly 24 hours ahead', async () => {
    expectCheckout(await createOrder(t.url, orderRequest({ expired_at: secondsAfter(clock, DAY) })));
  });
});

describe('create_order: a configured maxOrderLifetimeSeconds (1 hour)', () => {
  const clock = new TestClock();
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({ clock, config: { ...testConfig(), mixpay: { maxOrderLifetimeSeconds: 3600 } } });
  });
  after(async () => t?.close());

  it('refuses expired_at past the configured bound, saying how far ahead it may be', async () => {
    const answer = await createOrder(t.url, orderRequest({ expired_at: secondsAfter(clock, 3601) }));
    expectRefused(answer, 11000, 'expired_at');
    expect(answer.body.message).to.equal('Parameter error: expired_at is more than 1 hour ahead.');
  });

  it('accepts expired_at exactly at the configured bound', async () => {
    expectCheckout(await createOrder(t.url, orderRequest({ expired_at: secondsAfter(clock, 3600) })));
  });
});
