import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { PgOutputPool } from '../../src/adapters/persistence/pg-output-pool.js';
import { USDT } from '../support/fixtures.js';
import { clearLedger, openTestLedger, type TestLedger } from './mixin-harness.js';

/*
 * mixin_requests gets one row per transaction the broker ever built (every transfer), so it is
 * bounded: sent ones are pruned 30 days on by the balance sync's reconcile; built ones, which a
 * retry resumes, stay.
 */
describe('output pool: the stored transactions are bounded', () => {
  let l: TestLedger;
  let pool: PgOutputPool;
  const DAY = 24 * 60 * 60_000;

  before(async () => {
    l = await openTestLedger();
    pool = new PgOutputPool(l.ctx);
  });
  after(async () => l.db.close());
  beforeEach(async () => clearLedger(l));

  async function request(state: 'built' | 'sent' | 'confirmed', daysAgo: number): Promise<string> {
    const id = randomUUID();
    const at = new Date(Date.now() - daysAgo * DAY);
    await l.db.orm.em.getConnection().execute(
      `insert into mixin_requests (request_id, asset_id, kind, raw, state, own_outputs, created_at, updated_at)
         values (?, ?, 'transfer', '00', ?, 1, ?, ?)`,
      [id, USDT, state, at, at],
    );
    return id;
  }

  it('prunes sent and confirmed transactions older than 30 days, keeps recent ones and every built one', async () => {
    const old = [await request('confirmed', 31), await request('sent', 40)];
    const kept = [await request('confirmed', 29), await request('sent', 1), await request('built', 90)];
    await pool.reconcile(USDT, new Set(), new Date(), new Date());
    for (const id of old) expect(await pool.find(id), `${id} pruned`).to.equal(null);
    for (const id of kept) expect(await pool.find(id), `${id} kept`).to.not.equal(null);
  });
});
