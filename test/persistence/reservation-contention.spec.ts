import { expect } from 'chai';
import { type MikroORM } from '@mikro-orm/postgresql';
import { Amount } from '../../src/domain/money/amount.js';
import { DbContext } from '../../src/adapters/persistence/db-context.js';
import { ReservationLedger } from '../../src/adapters/persistence/reservation-ledger.js';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { onRealPostgres, testDatabaseUrl } from '../support/database.js';
import { USDT } from '../support/fixtures.js';
import { randomUUID } from 'node:crypto';

/*
 * Two transactions open at once contend for one balance row. The embedded database is a single
 * session and cannot hold two transactions open, so this runs only against a real server
 * (TEST_DATABASE_URL, as CI does).
 */
(onRealPostgres ? describe : describe.skip)('reservations under contention (real PostgreSQL only)', () => {
  let db: Database;
  let ledger: ReservationLedger;
  let ctx: DbContext;

  before(async () => {
    db = await openDatabase({ url: await testDatabaseUrl(), embeddedDataDir: null });
    ctx = new DbContext(db.orm as MikroORM);
    ledger = new ReservationLedger(ctx, new SystemClock());
  });
  after(async () => db.close());
  beforeEach(async () => {
    await db.orm.em.getConnection().execute('truncate reservations, asset_balances');
    await ledger.setBalance(USDT, Amount.parse('15'), '1');
  });

  it('a second reservation waits for the first transaction and then sees what it took', async () => {
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => (releaseFirst = r));
    let firstReserved!: () => void;
    const firstDone = new Promise<void>((r) => (firstReserved = r));

    const first = ctx.run(async () => {
      const ok = await ledger.reserve(randomUUID(), USDT, Amount.parse('10'));
      firstReserved();
      await firstHolds; // keep the transaction (and the row lock) open
      return ok;
    });
    await firstDone;
    let secondFinished = false;
    const second = ctx
      .run(() => ledger.reserve(randomUUID(), USDT, Amount.parse('10')))
      .then((ok) => {
        secondFinished = true;
        return ok;
      });
    await new Promise((r) => setTimeout(r, 200));
    expect(secondFinished, 'second reservation must block on the row lock').to.equal(false);
    releaseFirst();
    expect(await first).to.equal(true);
    expect(await second).to.equal(false);
    const held = await ledger.holdings([USDT]);
    expect(held.get(USDT)!.reserved.toString()).to.equal('10.00000000');
  });

  it('a rolled-back reservation leaves the balance untouched for the next one', async () => {
    await ctx
      .run(async () => {
        await ledger.reserve(randomUUID(), USDT, Amount.parse('10'));
        throw new Error('abort');
      })
      .catch(() => undefined);
    expect(await ledger.reserve(randomUUID(), USDT, Amount.parse('15'))).to.equal(true);
  });
});
