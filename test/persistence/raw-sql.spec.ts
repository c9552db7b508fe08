import { expect } from 'chai';
import { type MikroORM } from '@mikro-orm/postgresql';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { RawSql } from '../../src/adapters/persistence/raw-sql.js';
import { testDatabaseUrl } from '../support/database.js';

/*
 * The hot statements on the pooled pg client: on PostgreSQL prepared once per connection; on the
 * embedded database (one PGlite session behind all connections) they must not collide by name.
 */
describe('hot statements on the pooled client (RawSql)', () => {
  const TEXT = 'select ?::int as n, ?::text as who';

  /** Two brokers' worth of RawSql on `db`, each running the same text at once on several connections. */
  async function sameTextAtOnce(dbs: Database[]): Promise<void> {
    const raws = dbs.map((d) => new RawSql(d.orm as MikroORM));
    const runs = raws.flatMap((raw, r) =>
      Array.from({ length: 8 }, async (_, i) => {
        const rows = await raw.rows<{ n: number; who: string }>(TEXT, [i, `raw${r}`]);
        const [piped] = await raw.pipeline([{ text: TEXT, values: [i + 100, `raw${r}`] }]);
        return [rows[0], piped![0]];
      }),
    );
    const answers = await Promise.all(runs);
    answers.forEach((pair, k) => {
      const r = Math.floor(k / 8);
      const i = k % 8;
      expect(pair).to.deep.equal([
        { n: i, who: `raw${r}` },
        { n: i + 100, who: `raw${r}` },
      ]);
    });
  }

  it('answers the same statement run at once on several connections, by two brokers on the test database', async () => {
    const url = await testDatabaseUrl();
    const dbs = [await openDatabase({ url, embeddedDataDir: null }), await openDatabase({ url, embeddedDataDir: null })];
    try {
      await sameTextAtOnce(dbs);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });

  it('answers the same statement run at once on several connections of the embedded database', async function () {
    this.timeout(120_000); // starts its own PGlite
    const db = await openDatabase({ url: null, embeddedDataDir: null });
    try {
      await sameTextAtOnce([db]);
    } finally {
      await db.close();
    }
  });
});
