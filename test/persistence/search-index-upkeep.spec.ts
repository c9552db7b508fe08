import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { type MikroORM } from '@mikro-orm/postgresql';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { RawSql } from '../../src/adapters/persistence/raw-sql.js';
import { mergeSearchIndexPendingList } from '../../src/adapters/persistence/search-index-upkeep.js';
import { onRealPostgres, testDatabaseUrl } from '../support/database.js';
import { USDT } from '../support/fixtures.js';

/*
 * The trace-id search index's pending list, merged off create_order's path: what new orders put in
 * it is emptied by one merge, and the orders are still found by any part of their trace id.
 * Real PostgreSQL only: the broker runs the merge only there.
 */
(onRealPostgres ? describe : describe.skip)('the search index upkeep (real PostgreSQL only)', () => {
  let db: Database;
  let raw: RawSql;
  const payee = randomUUID();

  before(async () => {
    db = await openDatabase({ url: await testDatabaseUrl(), embeddedDataDir: null });
    raw = new RawSql(db.orm as MikroORM);
    await mergeSearchIndexPendingList(raw); // whatever earlier tests left pending
  });
  after(async () => {
    await raw.rows('delete from orders where payee_id = ?::uuid', [payee]);
    await db.close();
  });

  const addOrders = (n: number) =>
    raw.rows<{ trace_id: string }>(
      `insert into orders (trace_id, payee_id, wallet, asset_id, amount, fee, currency, memo, expired_at, return_url,
                           opponent_id, status, provider_data, created_at, updated_at, version)
       select gen_random_uuid(), ?::uuid, 'mock', ?::uuid, 10, 0, 'USDT', '', now(), '', gen_random_uuid(), 'expired', '{}', now(), now(), 1
         from generate_series(1, ?) returning trace_id::text as trace_id`,
      [payee, USDT, n],
    );

  it('empties what new orders left pending, and a second merge finds nothing', async () => {
    await addOrders(300);
    expect(await mergeSearchIndexPendingList(raw)).to.be.greaterThan(0);
    expect(await mergeSearchIndexPendingList(raw)).to.equal(0);
  });

  it('leaves every merged order findable by a part of its trace id', async () => {
    const [order] = await addOrders(1);
    await mergeSearchIndexPendingList(raw);
    const part = order!.trace_id.slice(9, 23);
    const found = await raw.rows<{ trace_id: string }>(`select trace_id::text as trace_id from orders where trace_id::text like ?`, [
      `%${part}%`,
    ]);
    expect(found.map((r) => r.trace_id)).to.deep.equal([order!.trace_id]);
  });
});
