import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { type MikroORM } from '@mikro-orm/postgresql';
import { DbContext } from '../../src/adapters/persistence/db-context.js';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { MikroPluginStore } from '../../src/adapters/persistence/mikro-plugin-store.js';
import { PluginRecordBatch } from '../../src/adapters/persistence/plugin-record-batch.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { STORE_KEY_MAX_LENGTH } from '../../src/plugin-api/index.js';
import { testDatabaseUrl } from '../support/database.js';

/*
 * A wallet's putIfAbsent calls made at the same moment share one statement (PluginRecordBatch);
 * each still gets its own answer, and a record the database refuses fails only its own call.
 */
describe('plugin records written at once', () => {
  const clock = new SystemClock();
  let db: Database;
  let ctx: DbContext;
  let store: MikroPluginStore;
  let other: MikroPluginStore;

  before(async () => {
    db = await openDatabase({ url: await testDatabaseUrl(), embeddedDataDir: null });
    ctx = new DbContext(db.orm as MikroORM);
    const batch = new PluginRecordBatch(ctx);
    store = new MikroPluginStore(ctx, clock, 'mock', batch);
    other = new MikroPluginStore(ctx, clock, 'other', batch);
  });
  after(async () => db.close());

  it('stores each of 40 new records written at once, each with its own value', async () => {
    const keys = Array.from({ length: 40 }, () => `payment:${randomUUID()}`);
    const answers = await Promise.all(keys.map((k, i) => store.putIfAbsent(k, { n: i, k })));
    expect(answers).to.deep.equal(keys.map(() => true));
    for (const [i, k] of keys.entries()) expect(await store.get(k)).to.deep.equal({ n: i, k });
  });

  it('answers true to exactly one of two calls for the same key, and keeps that one value', async () => {
    const key = `payment:${randomUUID()}`;
    const answers = await Promise.all([store.putIfAbsent(key, 'first'), store.putIfAbsent(key, 'second')]);
    expect(answers).to.deep.equal([true, false]);
    expect(await store.get(key)).to.equal('first');
  });

  it('answers false for a key stored before, and leaves its value', async () => {
    const key = `payment:${randomUUID()}`;
    await store.put(key, 'earlier');
    expect(await store.putIfAbsent(key, 'later')).to.equal(false);
    expect(await store.get(key)).to.equal('earlier');
  });

  it('keeps the same key of two wallets apart', async () => {
    const key = `payment:${randomUUID()}`;
    expect(await Promise.all([store.putIfAbsent(key, 'mine'), other.putIfAbsent(key, 'theirs')])).to.deep.equal([true, true]);
    expect([await store.get(key), await other.get(key)]).to.deep.equal(['mine', 'theirs']);
  });

  it('fails only the call whose key the column refuses', async () => {
    const good = Array.from({ length: 5 }, () => `payment:${randomUUID()}`);
    const results = await Promise.allSettled([
      ...good.map((k) => store.putIfAbsent(k, 1)),
      store.putIfAbsent('k'.repeat(STORE_KEY_MAX_LENGTH + 1), 1),
    ]);
    expect(results.map((r) => r.status)).to.deep.equal([...good.map(() => 'fulfilled'), 'rejected']);
    for (const k of good) expect(await store.get(k)).to.equal(1);
  });

  it('inside a unit of work, writes with it and rolls back with it', async () => {
    const key = `payment:${randomUUID()}`;
    await ctx
      .run(async () => {
        expect(await store.putIfAbsent(key, 'doomed')).to.equal(true);
        throw new Error('the work fails after the write');
      })
      .catch(() => undefined);
    expect(await store.get(key)).to.equal(null);
  });
});
