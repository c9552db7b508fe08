import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { type MikroORM } from '@mikro-orm/postgresql';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { RawSql } from '../../src/adapters/persistence/raw-sql.js';
import { testDatabaseUrl } from '../support/database.js';

/*
 * Several statements in one round trip (RawSql.pipeline): one transaction, every statement's rows,
 * later statements seeing earlier ones' writes, and nothing kept when one of them fails.
 */
describe('statements pipelined in one round trip', () => {
  let db: Database;
  let raw: RawSql;
  const table = `pipeline_${randomUUID().replace(/-/g, '')}`;

  before(async () => {
    db = await openDatabase({ url: await testDatabaseUrl(), embeddedDataDir: null });
    raw = new RawSql(db.orm as MikroORM);
    await raw.rows(`create table ${table} (k text primary key, n int not null, at timestamptz)`, []);
  });
  after(async () => {
    await raw.rows(`drop table ${table}`, []);
    await db.close();
  });

  const count = async (k: string) => (await raw.rows<{ n: string }>(`select count(*)::text as n from ${table} where k = ?`, [k]))[0]!.n;

  it("answers each statement's rows, parsed as any other query's, a later one seeing an earlier one's write", async () => {
    const k = randomUUID();
    const at = new Date('2026-01-02T03:04:05.678Z');
    const [inserted, read, none] = await raw.pipeline([
      { text: `insert into ${table} (k, n, at) values (?, ?, ?) returning n`, values: [k, 7, at] },
      { text: `select k, n, at from ${table} where k = ?`, values: [k] },
      { text: `update ${table} set n = n + 1 where k = ? and n > 100`, values: [k] },
    ]);
    expect(inserted).to.deep.equal([{ n: 7 }]);
    expect(read).to.deep.equal(await raw.rows(`select k, n, at from ${table} where k = ?`, [k]));
    expect(read).to.have.length(1);
    expect(none).to.deep.equal([]);
  });

  it('keeps nothing when a later statement fails, and rejects with its error', async () => {
    const k = randomUUID();
    let failure: unknown = null;
    await raw
      .pipeline([
        { text: `insert into ${table} (k, n) values (?, ?)`, values: [k, 1] },
        { text: `insert into ${table} (k, n) values (?, ?)`, values: [k, 2] }, // the primary key refuses it
        { text: `insert into ${table} (k, n) values (?, ?)`, values: [`${k}-after`, 3] },
      ])
      .catch((e: unknown) => (failure = e));
    expect((failure as { code?: string } | null)?.code).to.equal('23505');
    expect([await count(k), await count(`${k}-after`)]).to.deep.equal(['0', '0']);
  });

  it('runs the same statements again on the same connections after a failure, prepared or not', async () => {
    const runs = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const k = randomUUID();
        const bad = i % 3 === 0;
        const statements = [
          { text: `insert into ${table} (k, n) values (?, ?)`, values: [k, i] },
          { text: `select n from ${table} where k = ? and 1 / ?::int = 1`, values: [k, bad ? 0 : 1] },
        ];
        const outcome = await raw.pipeline(statements).then(
          (r) => r[1],
          () => 'failed',
        );
        return { bad, outcome, again: (await raw.pipeline([{ text: statements[1]!.text, values: [k, 1] }]))[0] };
      }),
    );
    runs.forEach((r, i) => {
      expect(r.outcome).to.deep.equal(r.bad ? 'failed' : [{ n: i }]);
      expect(r.again).to.deep.equal(r.bad ? [] : [{ n: i }]);
    });
  });
});
