import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { ADMIN_BEARER } from '../support/admin-orders.js';
import { listWallets } from '../support/admin-wallets.js';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.js';
import { emptyTestDatabase, testDatabaseUrl } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { tempConfigFile, type ConfigFile } from '../support/file-broker.js';
import { PAYEE, USDT, mockWallet, testConfig } from '../support/fixtures.js';
import { assetsRange } from '../support/mixpay-client.js';
import { rangeMax } from '../support/range-helpers.js';

/*
 * `npm start`'s broker (src/main.ts, in a child process) re-reads its config file on SIGHUP and
 * applies wallet changes; a file that is not valid is refused with an error log line and the
 * running config keeps serving. The child is stopped after the tests, also when one fails.
 */

/** The file the process starts from: one mock wallet (USDT max 500), no background workers. */
function processConfig(edit: (c: BrokerConfigInput) => void = () => {}): BrokerConfigInput {
  const c: BrokerConfigInput = { ...testConfig({ wallets: { mock: mockWallet() } }), workers: { enabled: false } };
  edit(c);
  return c;
}

describe('SIGHUP: the broker process reloads its config file', function () {
  this.timeout(60_000);
  let file: ConfigFile;
  let broker: BrokerProcess | undefined;

  before(async () => {
    const databaseUrl = await testDatabaseUrl();
    await emptyTestDatabase(databaseUrl);
    file = await tempConfigFile(processConfig());
    broker = await startBrokerProcess({ configFile: file.path, databaseUrl, adminToken: ADMIN_BEARER });
  });
  after(async () => {
    await broker?.stop();
    await file?.remove();
  });

  const proc = (): BrokerProcess => {
    if (!broker) throw new Error('the broker process did not start');
    return broker;
  };
  const hangUp = () => process.kill(proc().pid, 'SIGHUP');
  const usdtMax = async (wallet = 'mock') => rangeMax(proc().url, USDT, { wallet });
  const range = async (wallet: string) => {
    const answer = await assetsRange(proc().url, { payee_id: PAYEE, wallet });
    expect(answer.body.code, answer.body.message).to.equal(0);
    return answer.body.data;
  };
  /** Waits for the error line the process logs when it refuses a reload of the config file. */
  const refusal = (since: number) =>
    proc().waitForLog((r) => proc().logs.indexOf(r) >= since && r.level === 'error' && String(r.problem).includes(file.path));

  it('applies a changed asset max: assets/range shows it without a restart', async () => {
    await file.write(processConfig((c) => (c.wallets.mock!.assets[USDT]!.max = '42.5')));
    hangUp();
    const max = await eventually(usdtMax, (m) => m !== 'none' && new Decimal(m).equals('42.5'), {
      timeoutMs: 15_000,
      what: 'USDT max 42.5',
    });
    expect(new Decimal(max).toString()).to.equal('42.5');
  });

  it('starts serving a wallet identifier added to the file', async () => {
    expect(await range('mock_b'), 'unknown before').to.deep.equal([]);
    await file.write(
      processConfig((c) => {
        c.wallets.mock!.assets[USDT]!.max = '42.5';
        c.wallets.mock_b = mockWallet();
      }),
    );
    hangUp();
    await eventually(
      () => range('mock_b'),
      (rows) => rows.length === 2,
      { timeoutMs: 15_000, what: 'mock_b in assets/range' },
    );
    expect((await listWallets(proc().url)).map((r) => r.wallet).sort()).to.deep.equal(['mock', 'mock_b']);
  });

  it('refuses a file that is not JSON, logs why, and keeps serving the running config', async () => {
    const rangeBefore = await range('mock');
    const listBefore = await listWallets(proc().url);
    const since = proc().logs.length;
    await file.writeText('{"wallets": ');
    hangUp();
    const line = await refusal(since);
    expect(String(line.problem)).to.contain('JSON');
    expect((await fetch(`${proc().url}/healthz`)).status, 'still up').to.equal(200);
    expect(await range('mock')).to.deep.equal(rangeBefore);
    expect(await listWallets(proc().url)).to.deep.equal(listBefore);
  });

  it('refuses a file with a schema error, logs the field, and keeps serving the running config', async () => {
    const rangeBefore = await range('mock');
    const since = proc().logs.length;
    await file.write(
      processConfig((c) => {
        c.wallets.mock!.enabled = false; // valid on its own, must not be applied
        c.wallets.mock!.assets[USDT]!.max = 'plenty';
      }),
    );
    hangUp();
    const line = await refusal(since);
    expect(String(line.problem)).to.contain(`assets.${USDT}.max`);
    expect(await range('mock')).to.deep.equal(rangeBefore);
  });
});
