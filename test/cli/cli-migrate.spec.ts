import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { openDatabase } from '../../src/adapters/persistence/database.js';
import { MIGRATIONS } from '../../src/adapters/persistence/migrations/index.js';
import { cli } from '../support/cli.js';
import { onRealPostgres, sqlConnection, testDatabaseUrl } from '../support/database.js';
import { startTestBroker } from '../support/test-broker.js';

/* `broker migrate status|up`: the schema, straight from the database at DATABASE_URL. */

const NAMES = MIGRATIONS.map((m) => m.name);

describe('broker migrate', () => {
  it('status lists every migration as applied on a database a broker has started on', async () => {
    await (await startTestBroker()).close(); // a broker migrates at start
    const run = await cli(['migrate', 'status'], { DATABASE_URL: await testDatabaseUrl() });
    expect(run.code, run.err).to.equal(0);
    for (const name of NAMES) expect(run.out).to.match(new RegExp(`^${name} +applied +\\d{4}-`, 'm'));
    expect(run.out).to.match(/up to date\n$/);
    expect((await cli(['migrate', 'up'], { DATABASE_URL: await testDatabaseUrl() })).out).to.equal('up to date: nothing to apply\n');
  });

  it('needs DATABASE_URL', async () => {
    const run = await cli(['migrate', 'status'], {});
    expect(run.code).to.equal(1);
    expect(run.err).to.match(/^DATABASE_URL is not set/);
  });

  (onRealPostgres ? it : it.skip)('brokers starting together on a new database apply the migrations once, taking turns', async function () {
    this.timeout(60_000);
    await withNewDatabase(async (url) => {
      const opened = await Promise.all([1, 2, 3].map(() => openDatabase({ url, embeddedDataDir: null, poolSize: 2 })));
      await Promise.all(opened.map((db) => db.close()));
      const status = JSON.parse((await cli(['migrate', 'status', '--json'], { DATABASE_URL: url })).out);
      expect(status.executed.map((m: { name: string }) => m.name)).to.deep.equal(NAMES);
    });
  });

  (onRealPostgres ? it : it.skip)("status shows a new database's migrations pending; up applies them all, in order", async function () {
    this.timeout(60_000);
    await withNewDatabase(async (url) => {
      const before = JSON.parse((await cli(['migrate', 'status', '--json'], { DATABASE_URL: url })).out);
      expect(before).to.deep.equal({ executed: [], pending: NAMES });
      const up = await cli(['migrate', 'up'], { DATABASE_URL: url });
      expect(up).to.deep.equal({ code: 0, out: `applied: ${NAMES.join(', ')}\n`, err: '' });
      const after = JSON.parse((await cli(['migrate', 'status', '--json'], { DATABASE_URL: url })).out);
      expect(after.executed.map((m: { name: string }) => m.name)).to.deep.equal(NAMES);
      expect(after.pending).to.deep.equal([]);
    });
  });
});

/** Runs `work` with the URL of a database created for it (on the test server), dropped afterwards. */
async function withNewDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const name = `broker_cli_${randomUUID().slice(0, 8)}`;
  const admin = await sqlConnection();
  await admin.execute(`create database ${name}`);
  try {
    await work((await testDatabaseUrl()).replace(/\/[^/?]+(\?|$)/, `/${name}$1`));
  } finally {
    await admin.execute(`drop database if exists ${name} with (force)`);
    await admin.close();
  }
}
