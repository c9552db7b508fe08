import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { startBroker } from '../../src/wiring/composition-root.js';
import { cli } from '../support/cli.js';
import { testDatabaseUrl } from '../support/database.js';
import { tempConfigFile, type ConfigFile } from '../support/file-broker.js';
import { mockWallet, testConfig, USDT } from '../support/fixtures.js';
import { testBrokerEnv } from '../support/test-broker.js';

/* `broker config check [file]`: the broker's own start-up checks, without starting a broker. */

describe('broker config check', () => {
  const files: ConfigFile[] = [];
  const file = async (config: Record<string, unknown>) => {
    const f = await tempConfigFile(config as never);
    files.push(f);
    return f.path;
  };
  after(async () => Promise.all(files.map((f) => f.remove())));

  it('accepts the shipped config and lists its wallets', async () => {
    const run = await cli(['config', 'check', 'config/broker.json']);
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.match(/^config\/broker\.json: valid \(treasury: sandbox\)/);
    expect(run.out).to.match(/^mock +mock +true +USDT BTC$/m);
  });

  it('reads BROKER_CONFIG when no file is named', async () => {
    const path = await file(testConfig());
    const run = await cli(['config', 'check'], { BROKER_CONFIG: path });
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.include(`${path}: valid`);
  });

  it('refuses an invalid config with exit 1 and exactly the message the broker refuses to start with', async () => {
    const assets = { [USDT]: { min: '0.123456789', max: '1', fee: '0.01', currency: 'USDT' } };
    const bad = testConfig({ wallets: { binance_jp: mockWallet({ assets }) } });
    const path = await file(bad as Record<string, unknown>);
    const run = await cli(['config', 'check', path]);
    const env = await testBrokerEnv(await testDatabaseUrl(), { configFile: path });
    const broker = await startBroker({ env, processEnv: {} }).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(run.code).to.equal(1);
    expect(run.out).to.equal('');
    expect(run.err).to.equal(`${broker}\n`);
    expect(run.err).to.include(`wallet "binance_jp": assets.${USDT}.min: must have at most 8 decimals`);
  });

  it('refuses a config whose alert webhook variable is unset, as the broker would', async () => {
    const path = await file({ ...testConfig(), alerts: { webhookUrl: { env: 'CLI_TEST_ALERT_URL' } } });
    expect(await cli(['config', 'check', path])).to.deep.equal({
      code: 1,
      out: '',
      err: 'alerts.webhookUrl: environment variable CLI_TEST_ALERT_URL is not set\n',
    });
    expect((await cli(['config', 'check', path], { CLI_TEST_ALERT_URL: 'http://127.0.0.1:1/x' })).code).to.equal(0);
  });

  it('passes a wallet whose secret is unset, and warns that the broker takes it out of service', async () => {
    const settings = { webhookSecret: { env: 'CLI_TEST_MOCK_SECRET' } };
    const path = await file(testConfig({ wallets: { mock: mockWallet({ settings }) } }) as Record<string, unknown>);
    const run = await cli(['config', 'check', path]);
    expect(run.code).to.equal(0);
    expect(run.out).to.include(
      'warning: wallet "mock" would be out of service: webhookSecret (environment variable CLI_TEST_MOCK_SECRET is not set)',
    );
  });

  it('a missing file and unknown flags or commands are reported, with exit codes 1 and 2', async () => {
    expect(await cli(['config', 'check', '/nonexistent/broker.json'])).to.include({
      code: 1,
      err: '/nonexistent/broker.json: cannot read the config file (ENOENT)\n',
    });
    expect((await cli(['config', 'check', '--bogus'])).code).to.equal(2);
    expect((await cli(['frobnicate'])).err).to.match(/^unknown command: frobnicate/);
  });

  it('runs as `npm run broker -- config check <file>`, exiting 1 on a bad file', async function () {
    this.timeout(30_000);
    const path = await file({ wallets: { x: { plugin: 'mock', assets: {} } } });
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'broker', '--', 'config', 'check', path], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('exit', (c) => resolve({ code: c, stderr }));
    });
    expect(code).to.equal(1);
    expect(stderr).to.include(`${path}: invalid config`).and.include('wallet "x": assets: must offer at least one asset');
  });
});
