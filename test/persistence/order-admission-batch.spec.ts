import { expect } from 'chai';
import { type MikroORM } from '@mikro-orm/postgresql';
import { BatchedOrderAdmission } from '../../src/adapters/persistence/batched-order-admission.js';
import { DbContext } from '../../src/adapters/persistence/db-context.js';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { ReservationLedger } from '../../src/adapters/persistence/reservation-ledger.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { Amount } from '../../src/domain/money/amount.js';
import { Order } from '../../src/domain/order/order.js';
import type { Admission } from '../../src/domain/ports/order-admission.port.js';
import { onRealPostgres, testDatabaseUrl } from '../support/database.js';
import { newOrder } from '../support/domain-orders.js';
import { OTHER_PAYEE, PAYEE, USDT } from '../support/fixtures.js';

/*
 * The group-commit admission under contention: many orders at once, in one process and in two (two
 * ORMs, two pools, as two broker instances), never reserve more than the balance nor more open orders
 * per payee than the bound. Real PostgreSQL only: the embedded database is one session.
 */
(onRealPostgres ? describe : describe.skip)('batched order admission under contention (real PostgreSQL only)', () => {
  const clock = new SystemClock();
  let dbs: Database[];
  let admissions: BatchedOrderAdmission[];
  let ledger: ReservationLedger;

  const order = (amount: string, payeeId = PAYEE) => newOrder(amount, payeeId, clock.now());

  const totals = async () => {
    const rows = await dbs[0]!.orm.em.getConnection().execute<{ reserved: string; held: string; orders: string }[]>(
      `select (select reserved::text from asset_balances where asset_id = ?) as reserved,
              (select count(*)::text from reservations where state = 'held') as held,
              (select count(*)::text from orders) as orders`,
      [USDT],
    );
    return rows[0]!;
  };

  before(async () => {
    const url = await testDatabaseUrl();
    dbs = [await openDatabase({ url, embeddedDataDir: null }), await openDatabase({ url, embeddedDataDir: null, migrate: false })];
    admissions = dbs.map((db) => {
      const ctx = new DbContext(db.orm as MikroORM);
      const l = new ReservationLedger(ctx, clock);
      ledger ??= l;
      return new BatchedOrderAdmission(ctx, clock);
    });
  });
  after(async () => {
    for (const db of dbs) await db.close();
  });
  beforeEach(async () => {
    await dbs[0]!.orm.em.getConnection().execute('truncate reservations, asset_balances, order_transitions, orders cascade');
    await ledger.setBalance(USDT, Amount.parse('100'), '1');
  });

  it('admits exactly what the balance covers when 60 orders of 7 arrive at once from two processes', async () => {
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => admissions[i % 2]!.admit(order('7'), 1000)));
    const admitted = outcomes.filter((o) => o === 'admitted').length;
    expect(admitted).to.equal(14); // 14 × 7 = 98 ≤ 100 < 105
    expect(outcomes.filter((o) => o === 'insufficient_balance').length).to.equal(46);
    const t = await totals();
    expect(t).to.deep.equal({ reserved: '98.00000000', held: '14', orders: '14' }); // refused orders are not kept
  });

  it('fills the balance with smaller orders after a larger one did not fit, each checked as if alone', async () => {
    const outcomes = await Promise.all(['60', '50', '30', '20'].map((a) => admissions[0]!.admit(order(a), 1000)));
    const t = await totals();
    // Whatever the batching, the sum of the admitted ones never passes 100 and each refusal was uncoverable then.
    expect(Number(t.reserved)).to.be.at.most(100);
    expect(outcomes.filter((o) => o === 'admitted').length).to.equal(Number(t.held));
    expect(outcomes[0]).to.equal('admitted');
  });

  it('keeps the open-orders bound per payee under concurrency, across processes', async () => {
    const mine = Array.from({ length: 20 }, (_, i) => admissions[i % 2]!.admit(order('1'), 5));
    const theirs = Array.from({ length: 4 }, (_, i) => admissions[i % 2]!.admit(order('1', OTHER_PAYEE), 5));
    const outcomes: Admission[] = await Promise.all([...mine, ...theirs]);
    expect(outcomes.slice(0, 20).filter((o) => o === 'admitted').length).to.equal(5);
    expect(outcomes.slice(0, 20).filter((o) => o === 'too_many_open').length).to.equal(15);
    expect(outcomes.slice(20)).to.deep.equal(['admitted', 'admitted', 'admitted', 'admitted']);
    expect((await totals()).held).to.equal('9');
  });

  it('answers duplicate for a trace id sent twice at once, and stores it once', async () => {
    const o = order('1');
    const twin = Order.open(o.terms, Amount.zero(), 'USDT', clock.now());
    const outcomes = await Promise.all([
      admissions[0]!.admit(o, 10),
      admissions[0]!.admit(twin, 10),
      admissions[1]!.admit(Order.open(o.terms, Amount.zero(), 'USDT', clock.now()), 10),
    ]);
    expect(outcomes.filter((x) => x === 'admitted').length).to.equal(1);
    expect(outcomes.filter((x) => x === 'duplicate').length).to.equal(2);
    expect(await totals()).to.deep.equal({ reserved: '1.00000000', held: '1', orders: '1' });
  });

  it('answers duplicate for an order stored before, and admits the new ones batched with it', async () => {
    const earlier = order('1');
    expect(await admissions[0]!.admit(earlier, 10)).to.equal('admitted');
    const again = Order.open(earlier.terms, Amount.zero(), 'USDT', clock.now());
    const outcomes = await Promise.all([order('2'), again, order('3')].map((o) => admissions[0]!.admit(o, 10)));
    expect(outcomes).to.deep.equal(['admitted', 'duplicate', 'admitted']);
    expect(await totals()).to.deep.equal({ reserved: '6.00000000', held: '3', orders: '3' });
  });

  it('keeps a payee already at the bound out, and lets other payees of the same batch in', async () => {
    for (let i = 0; i < 3; i++) expect(await admissions[0]!.admit(order('1'), 3)).to.equal('admitted');
    const outcomes = await Promise.all([order('1'), order('1', OTHER_PAYEE), order('1')].map((o) => admissions[0]!.admit(o, 3)));
    expect(outcomes).to.deep.equal(['too_many_open', 'admitted', 'too_many_open']);
    expect(await totals()).to.deep.equal({ reserved: '4.00000000', held: '4', orders: '4' });
  });
});
