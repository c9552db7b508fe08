import { expect } from 'chai';
import { type MikroORM } from '@mikro-orm/postgresql';
import { DbContext } from '../../src/adapters/persistence/db-context.js';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { MikroOrderRepository } from '../../src/adapters/persistence/mikro-order-repository.js';
import { ReservationLedger } from '../../src/adapters/persistence/reservation-ledger.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { Order } from '../../src/domain/order/order.js';
import { ConcurrentOrderUpdate } from '../../src/domain/ports/order.repository.port.js';
import { testDatabaseUrl } from '../support/database.js';
import { newOrder } from '../support/domain-orders.js';
import { PAYEE } from '../support/fixtures.js';

/*
 * Saves made at the same moment outside a unit of work share one statement (OrderSaveBatch); each
 * keeps its own version check and its own outcome.
 */
describe('order saves made at once', () => {
  const clock = new SystemClock();
  let db: Database;
  let orders: MikroOrderRepository;

  const stored = async (): Promise<Order> => {
    const order = newOrder('1', PAYEE, clock.now());
    expect(await orders.insert(order)).to.equal('inserted');
    return order;
  };

  const withCheckout = (order: Order, paymentId = `pay-${order.traceId}`): Order => {
    order.attachCheckout(
      { links: { checkoutUrl: `https://wallet.example/${paymentId}`, deepLink: '', universalUrl: '' }, paymentId, providerData: {} },
      clock.now(),
    );
    return order;
  };

  before(async () => {
    db = await openDatabase({ url: await testDatabaseUrl(), embeddedDataDir: null });
    const ctx = new DbContext(db.orm as MikroORM);
    orders = new MikroOrderRepository(ctx, new ReservationLedger(ctx, clock));
  });
  after(async () => db.close());

  it('stores every one of 40 checkouts attached at once, each with its history', async () => {
    const all = await Promise.all(Array.from({ length: 40 }, stored));
    await Promise.all(all.map((o) => orders.save(withCheckout(o))));
    for (const o of all) {
      const back = await orders.findByTraceId(o.traceId);
      expect(back, o.traceId).to.deep.include({ status: 'awaiting_payment', paymentId: `pay-${o.traceId}`, version: o.version });
      expect((await orders.history(o.traceId)).map((m) => m.to)).to.deep.equal(['creating', 'awaiting_payment']);
    }
  });

  it('refuses a stale copy saved beside fresh ones, and stores the fresh ones', async () => {
    const [a, b] = await Promise.all([stored(), stored()]);
    const staleA = (await orders.findByTraceId(a!.traceId))!;
    await orders.save(withCheckout(a!, 'first'));
    const results = await Promise.allSettled([orders.save(withCheckout(staleA, 'second')), orders.save(withCheckout(b!))]);
    expect(results[0].status === 'rejected' && results[0].reason).to.be.instanceOf(ConcurrentOrderUpdate);
    expect(results[1].status).to.equal('fulfilled');
    expect((await orders.findByTraceId(a!.traceId))!.paymentId).to.equal('first');
    expect((await orders.history(a!.traceId)).length).to.equal(2); // the refused save added no history
  });

  it('of two copies of one order saved at once, stores the first and refuses the second', async () => {
    const o = await stored();
    const twin = (await orders.findByTraceId(o.traceId))!;
    const results = await Promise.allSettled([orders.save(withCheckout(o, 'one')), orders.save(withCheckout(twin, 'two'))]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected']);
    expect((await orders.findByTraceId(o.traceId))!.paymentId).to.equal('one');
  });

  it('fails only the save whose row the database refuses', async () => {
    const [good, bad] = await Promise.all([stored(), stored()]);
    // mixpay_refund_code is varchar(16): this row cannot be stored.
    const broken = Order.restore({ ...withCheckout(bad!).snapshot(), mixpayRefundCode: 'x'.repeat(40) });
    const results = await Promise.allSettled([orders.save(withCheckout(good!)), orders.save(broken)]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected']);
    expect((await orders.findByTraceId(good!.traceId))!.status).to.equal('awaiting_payment');
    expect((await orders.findByTraceId(bad!.traceId))!.status).to.equal('creating');
  });
});
