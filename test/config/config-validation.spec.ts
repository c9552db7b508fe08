import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { BrokerConfigFile } from '../../src/config/broker-config.schema.js';
import { EnvError, readEnv } from '../../src/config/env.js';
import { ConfigError, loadBrokerConfig, parseBrokerConfig } from '../../src/config/load-broker-config.js';
import { USDT, mockWallet, testConfig } from '../support/fixtures.js';

const FILE = 'config/x.json';

/** testConfig() as plain JSON, with the mock wallet's USDT terms changed. */
function withUsdtTerms(terms: Record<string, unknown>): unknown {
  const config = structuredClone(testConfig()) as unknown as { wallets: { mock: { assets: Record<string, Record<string, unknown>> } } };
  Object.assign(config.wallets.mock.assets[USDT]!, terms);
  return config;
}

/** testConfig() as plain JSON, with the mock wallet's entry changed. */
function withMockWallet(change: (wallet: Record<string, unknown>) => void): unknown {
  const config = structuredClone(testConfig()) as unknown as { wallets: Record<string, Record<string, unknown>> };
  change(config.wallets.mock!);
  return config;
}

/** The ConfigError message `run` throws; fails the test if it throws anything else or nothing. */
function configErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e, `expected a ConfigError, got ${String(e)}`).to.be.instanceOf(ConfigError);
    return (e as Error).message;
  }
  expect.fail('the config was accepted');
}

async function configErrorOfAsync(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    expect(e, `expected a ConfigError, got ${String(e)}`).to.be.instanceOf(ConfigError);
    return (e as Error).message;
  }
  expect.fail('the config was accepted');
}

function envErrorOf(source: NodeJS.ProcessEnv): string {
  try {
    readEnv(source);
  } catch (e) {
    expect(e, `expected an EnvError, got ${String(e)}`).to.be.instanceOf(EnvError);
    return (e as Error).message;
  }
  expect.fail(`the environment ${JSON.stringify(source)} was accepted`);
}

describe('parseBrokerConfig', () => {
  it('accepts the test config every other case starts from', () => {
    const parsed = parseBrokerConfig(structuredClone(testConfig()), FILE);
    expect(Object.keys(parsed.wallets)).to.deep.equal(['mock']);
  });

  describe('an asset amount or fee it refuses, naming the file, the wallet and the field', () => {
    const field = (name: string) => `assets.${USDT}.${name}`;
    const cases: { name: string; terms: Record<string, unknown>; field: string }[] = [
      { name: 'a negative min', terms: { min: '-1' }, field: field('min') },
      { name: 'a zero min', terms: { min: '0' }, field: field('min') },
      { name: 'a min in exponent form', terms: { min: '1e-3' }, field: field('min') },
      { name: 'a min with more than 8 decimals', terms: { min: '0.123456789' }, field: field('min') },
      { name: 'a min that is a word', terms: { min: 'ten' }, field: field('min') },
      { name: 'a max that is a word', terms: { max: 'plenty' }, field: field('max') },
      { name: 'a min given as a JSON number (a float)', terms: { min: 0.1 }, field: field('min') },
      { name: 'a max given as a JSON number (a float)', terms: { max: 500 }, field: field('max') },
      { name: 'a fee of 1 (100 %)', terms: { fee: '1' }, field: field('fee') },
      { name: 'a fee above 1', terms: { fee: '1.5' }, field: field('fee') },
      { name: 'a fee that is a word', terms: { fee: 'one percent' }, field: field('fee') },
      { name: 'an unknown key in the asset terms', terms: { limit: '5' }, field: 'limit' },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const message = configErrorOf(() => parseBrokerConfig(withUsdtTerms(c.terms), FILE));
        expect(message).to.contain(FILE).and.contain('wallet "mock"').and.contain(c.field);
      });
    }
  });

  it('refuses a max below min, naming both', () => {
    const message = configErrorOf(() => parseBrokerConfig(withUsdtTerms({ min: '10', max: '5' }), FILE));
    expect(message).to.contain(FILE).and.contain('wallet "mock"').and.contain(`assets.${USDT}`);
    expect(message)
      .to.match(/\bmin\b/)
      .and.match(/\bmax\b/);
  });

  it('refuses an unknown key in a wallet, naming the key', () => {
    const message = configErrorOf(() =>
      parseBrokerConfig(
        withMockWallet((w) => (w.colour = 'red')),
        FILE,
      ),
    );
    expect(message).to.contain(FILE).and.contain('wallet "mock"').and.contain('colour');
  });

  it('refuses an unknown top-level key, naming the key', () => {
    const message = configErrorOf(() => parseBrokerConfig({ ...structuredClone(testConfig()), wallet: {} }, FILE));
    expect(message).to.contain(FILE).and.contain('"wallet"');
  });

  describe('a wallet identifier outside 1-20 of a-z 0-9 _ -', () => {
    const config = (id: string) => ({ ...structuredClone(testConfig()), wallets: { [id]: mockWallet() } });

    it('is refused, naming the file and the identifier', () => {
      const message = configErrorOf(() => parseBrokerConfig(config('Bad Wallet!'), FILE));
      expect(message).to.contain(FILE).and.contain('Bad Wallet!');
    });

    it('is refused with the rule it breaks', () => {
      const message = configErrorOf(() => parseBrokerConfig(config('a'.repeat(21)), FILE));
      expect(message).to.contain('a'.repeat(21)).and.contain('1-20');
    });
  });

  describe('an asset id that is not a lower-case UUID', () => {
    const config = () =>
      withMockWallet((w) => {
        w.assets = { 'not-a-uuid': { min: '0.1', max: '5', fee: '0.01', currency: 'USDT' } };
      });

    it('is refused, naming the file, the wallet and the asset key', () => {
      const message = configErrorOf(() => parseBrokerConfig(config(), FILE));
      expect(message).to.contain(FILE).and.contain('wallet "mock"').and.contain('assets.not-a-uuid');
    });

    it('is refused with the rule it breaks', () => {
      const message = configErrorOf(() => parseBrokerConfig(config(), FILE));
      expect(message).to.contain('UUID');
    });
  });

  it('refuses a wallet offering no asset', () => {
    const message = configErrorOf(() =>
      parseBrokerConfig(
        withMockWallet((w) => (w.assets = {})),
        FILE,
      ),
    );
    expect(message).to.contain(FILE).and.contain('wallet "mock"').and.contain('assets');
  });
});

describe('loadBrokerConfig', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mixpay-config-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('accepts the shipped config/broker.json', async () => {
    const config: BrokerConfigFile = await loadBrokerConfig('config/broker.json');
    expect(config.wallets).to.have.property('mock');
    expect(config.wallets.mock!.plugin).to.equal('mock');
  });

  it('refuses a file that does not exist, naming it', async () => {
    const file = join(dir, 'absent.json');
    const message = await configErrorOfAsync(() => loadBrokerConfig(file));
    expect(message).to.contain(file).and.contain('ENOENT');
  });

  it('refuses a file that is not JSON, naming it', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ "wallets": { "mock": ');
    const message = await configErrorOfAsync(() => loadBrokerConfig(file));
    expect(message).to.contain(file).and.contain('not valid JSON');
  });

  it('names the file it read in a field error', async () => {
    const file = join(dir, 'bad-fee.json');
    await writeFile(file, JSON.stringify(withUsdtTerms({ fee: '2' })));
    const message = await configErrorOfAsync(() => loadBrokerConfig(file));
    expect(message).to.contain(file).and.contain('wallet "mock"').and.contain(`assets.${USDT}.fee`);
  });
});

describe('readEnv', () => {
  it('listens on port 8080 by default', () => {
    expect(readEnv({}).port).to.equal(8080);
  });

  it('defaults PUBLIC_URL to http://localhost:8080', () => {
    expect(readEnv({}).publicUrl).to.equal('http://localhost:8080');
  });

  it('defaults PUBLIC_URL to the configured PORT', () => {
    expect(readEnv({ PORT: '9123' }).publicUrl).to.equal('http://localhost:9123');
  });

  it('treats a blank PORT as unset', () => {
    expect(readEnv({ PORT: '  ' }).port).to.equal(8080);
  });

  for (const port of ['http', '65536', '-1', '80.5']) {
    it(`refuses PORT=${port}, naming PORT`, () => {
      expect(envErrorOf({ PORT: port })).to.contain('PORT');
    });
  }

  for (const url of ['mysql://user@db/broker', 'localhost:5432/broker', 'postgres:/missing-slash']) {
    it(`refuses DATABASE_URL=${url}, naming DATABASE_URL`, () => {
      expect(envErrorOf({ DATABASE_URL: url })).to.contain('DATABASE_URL');
    });
  }

  it('accepts postgres:// and postgresql:// database URLs', () => {
    expect(readEnv({ DATABASE_URL: 'postgres://u:p@db:5432/broker' }).databaseUrl).to.equal('postgres://u:p@db:5432/broker');
    expect(readEnv({ DATABASE_URL: 'postgresql://db/broker' }).databaseUrl).to.equal('postgresql://db/broker');
  });

  it('refuses TLS_CERT_FILE without TLS_KEY_FILE', () => {
    expect(envErrorOf({ TLS_CERT_FILE: '/etc/broker/cert.pem' }))
      .to.contain('TLS_CERT_FILE')
      .and.contain('TLS_KEY_FILE');
  });

  it('refuses TLS_KEY_FILE without TLS_CERT_FILE', () => {
    expect(envErrorOf({ TLS_KEY_FILE: '/etc/broker/key.pem' }))
      .to.contain('TLS_CERT_FILE')
      .and.contain('TLS_KEY_FILE');
  });

  it('takes TLS_CERT_FILE and TLS_KEY_FILE together, defaulting PUBLIC_URL to https', () => {
    const env = readEnv({ TLS_CERT_FILE: '/etc/broker/cert.pem', TLS_KEY_FILE: '/etc/broker/key.pem', PORT: '8443' });
    expect(env).to.include({ tlsCertFile: '/etc/broker/cert.pem', tlsKeyFile: '/etc/broker/key.pem', publicUrl: 'https://localhost:8443' });
  });
});

describe('config: settlement lease against the Mixin timeout', () => {
  const withMixin = (leaseMs: number, timeoutMs: number): unknown => ({
    ...testConfig(),
    settlement: { leaseMs },
    treasury: { mixin: { keystoreFile: 'keystore.json', timeoutMs } },
  });

  it('refuses a lease no longer than a Mixin call may take, naming settlement.leaseMs', () => {
    expect(configErrorOf(() => parseBrokerConfig(withMixin(5_000, 5_000), FILE))).to.match(
      /settlement\.leaseMs: must be longer than treasury\.mixin\.timeoutMs/,
    );
  });

  it('accepts a lease longer than the Mixin timeout', () => {
    expect(parseBrokerConfig(withMixin(6_000, 5_000), FILE).settlement.leaseMs).to.equal(6_000);
  });
});
