import { expect } from 'chai';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../../src/wiring/composition-root.js';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { EnvError, readEnv } from '../../src/config/env.js';
import { RealMoneyOnEmbeddedError } from '../../src/config/real-money-on-embedded.js';
import { FakeMixin, generateTestBot, type TestBot } from '../support/fake-mixin/index.js';
import { USDT, testConfig } from '../support/fixtures.js';
import { LogCapture } from '../support/log-capture.js';

/*
 * A Mixin keystore moves real money; the embedded database (no DATABASE_URL) is for trying the
 * broker out. The combination is refused unless ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY=true.
 */
describe('Real money on the embedded database', () => {
  let bot: TestBot;
  let fake: FakeMixin;
  let dataDir: string;
  before(async () => {
    bot = generateTestBot();
    fake = await FakeMixin.start(bot);
    fake.state.addAsset(USDT, 'USDT', '1');
  });
  after(async () => fake.close());
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mixpay-real-money-'));
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  const mixinConfig = (): BrokerConfigInput => ({
    ...testConfig(),
    treasury: { mixin: { keystore: { ...bot.keystore }, baseUrl: fake.url, timeoutMs: 800 } },
  });
  const embeddedEnv = (extra: Record<string, string> = {}) =>
    readEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extra });

  it('is refused by default, telling the operator to set DATABASE_URL, before anything is written', async () => {
    let error: unknown;
    await startBroker({ env: embeddedEnv(), processEnv: {}, config: mixinConfig(), logDestination: new LogCapture(), workers: false }).then(
      (b) => b.close(),
      (e: unknown) => (error = e),
    );
    expect(error).to.be.instanceOf(RealMoneyOnEmbeddedError);
    const message = (error as Error).message;
    expect(message).to.contain('DATABASE_URL').and.contain('PostgreSQL').and.contain('ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY=true');
    expect(await readdir(dataDir)).to.deep.equal([]);
  });

  it('starts with ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY=true, and warns about it at start', async () => {
    const logs = new LogCapture();
    const broker = await startBroker({
      env: embeddedEnv({ ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY: 'true' }),
      processEnv: {},
      config: mixinConfig(),
      logDestination: logs,
      ephemeralEmbeddedDb: true,
      workers: false,
    });
    try {
      expect(broker.db.embedded).to.equal(true);
      const warning = logs.records().find((r) => String(r.msg).startsWith('REAL MONEY ON THE EMBEDDED DATABASE'));
      expect(warning).to.include({ level: 'warn', database: 'embedded', treasury: 'mixin' });
    } finally {
      await broker.close();
    }
  });

  it('reads the override as true or false only', () => {
    expect(embeddedEnv().allowEmbeddedDatabaseWithRealMoney).to.equal(false);
    const yes = () => embeddedEnv({ ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY: 'yes' });
    expect(yes).to.throw(EnvError, /ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY: must be true or false/);
  });
});
