import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../src/adapters/persistence/database.js';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { cli, type CliRun } from '../support/cli.js';
import { onRealPostgres, sqlConnection, testDatabaseUrl } from '../support/database.js';
import { FakeMixin, generateTestBot, type TestBot } from '../support/fake-mixin/index.js';
import { BTC, mockWallet, OTHER_PAYEE, PAYEE, testConfig, USDT } from '../support/fixtures.js';

/* `broker doctor`: every check against a real database and the fake Mixin, each failure with its advice. */

const PUBLIC_URL = 'https://broker.example.com';
const KEYSTORE_ENV = {
  app_id: { env: 'MIXIN_APP_ID' },
  session_id: { env: 'MIXIN_SESSION_ID' },
  server_public_key: { env: 'MIXIN_SERVER_PUBLIC_KEY' },
  session_private_key: { env: 'MIXIN_SESSION_PRIVATE_KEY' },
  spend_private_key: { env: 'MIXIN_SPEND_PRIVATE_KEY' },
};

const keystoreEnv = (k: TestBot['keystore']): NodeJS.ProcessEnv => ({
  MIXIN_APP_ID: k.app_id,
  MIXIN_SESSION_ID: k.session_id,
  MIXIN_SERVER_PUBLIC_KEY: k.server_public_key,
  MIXIN_SESSION_PRIVATE_KEY: k.session_private_key,
  MIXIN_SPEND_PRIVATE_KEY: k.spend_private_key,
});

/** The line of a check (its mark and summary) and the lines under it, up to the next check. */
function block(out: string, pattern: RegExp): string {
  const lines = out.split('\n');
  const at = lines.findIndex((l) => pattern.test(l));
  expect(at, `no line matching ${pattern} in\n${out}`).to.be.greaterThan(-1);
  const end = lines.findIndex((l, i) => i > at && !l.startsWith('    '));
  return lines.slice(at, end).join('\n');
}

describe('broker doctor', () => {
  let dir: string;
  let bot: TestBot;
  let fake: FakeMixin;
  let databaseUrl: string;

  before(async function () {
    this.timeout(60_000); // the embedded database, when there is no TEST_DATABASE_URL, starts here
    databaseUrl = await testDatabaseUrl();
    // The schema as a started broker leaves it: the doctor itself never migrates.
    await (await openDatabase({ url: databaseUrl, embeddedDataDir: null, poolSize: 2 })).close();
    dir = await mkdtemp(join(tmpdir(), 'mixpay-doctor-'));
  });
  after(async () => dir && rm(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    bot = generateTestBot();
    fake = await FakeMixin.start(bot);
    fake.state.addOutput(USDT, '100.5');
    fake.state.addOutput(USDT, '50');
    fake.state.addOutput(BTC, '0.25');
  });
  afterEach(async () => fake.close());

  const live = (overrides: Partial<BrokerConfigInput> = {}): BrokerConfigInput => ({
    wallets: { mock: mockWallet() },
    treasury: { mixin: { keystore: KEYSTORE_ENV, baseUrl: fake.url, timeoutMs: 2000 } },
    alerts: { lowBalance: { [USDT]: '100', [BTC]: '0.1' } },
    ...overrides,
  });

  async function doctor(config: BrokerConfigInput | Record<string, unknown>, env: NodeJS.ProcessEnv = {}, json = false): Promise<CliRun> {
    const file = join(dir, `broker-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(config));
    const base = { BROKER_CONFIG: file, DATABASE_URL: databaseUrl, PUBLIC_URL, ...keystoreEnv(bot.keystore) };
    return cli(['doctor', ...(json ? ['--json'] : [])], { ...base, ...env });
  }

  it('passes a good Safe keystore of a registered, funded bot, and ends with the lines to send MixPay', async () => {
    const run = await doctor(live());
    expect(run.code, run.out).to.equal(0);
    expect(run.out).to.match(/^✔ .*validates \(1 wallets, 1 enabled\)$/m);
    expect(run.out).to.include('✔ wallet mock: plugin mock');
    expect(run.out)
      .to.match(/^✔ the database at DATABASE_URL answers/m)
      .and.match(/^✔ every migration is applied/m);
    expect(run.out).to.include(`✔ PUBLIC_URL is ${PUBLIC_URL}`);
    expect(block(run.out, /^✔ webhook URLs/)).to.include(`mock (plugin mock): ${PUBLIC_URL}/webhooks/mock`);
    expect(run.out).to.include(`✔ a Safe keystore for bot ${bot.keystore.app_id}`);
    expect(run.out).to.include(`✔ Mixin accepts the session of bot ${bot.keystore.app_id} (Test broker bot, Mixin ID 7000100001)`);
    expect(run.out).to.include('✔ the bot is registered with Safe (has_safe)');
    expect(run.out).to.include(`✔ the spend key configured is the one Mixin has for the bot (public key ${bot.spendPublicKey})`);
    expect(run.out).to.include(`✔ USDT (${USDT}): 150.5 spendable in 2 unspent outputs; alert threshold 100`);
    expect(run.out).to.include(`✔ BTC (${BTC}): 0.25 spendable in 1 unspent output; alert threshold 0.1`);
    expect(run.out).to.include(`\n  API base URL: ${PUBLIC_URL}\n  wallet: mock (open to every payee)\n`);
    expect(run.out).to.match(/: ready to go live\n$/);
    for (const secret of [bot.keystore.spend_private_key, bot.keystore.session_private_key]) expect(run.out).not.to.include(secret);
    expect(fake.internalErrors).to.deep.equal([]);

    const json = JSON.parse((await doctor(live(), {}, true)).out);
    expect(json.ready).to.equal(true);
    expect(json.checks.map((c: { id: string; status: string }) => `${c.id} ${c.status}`)).to.include.members([
      'keystore ok',
      'spend_key ok',
      `asset:${USDT} ok`,
    ]);
    expect(json.mixpay.lines).to.deep.equal([`API base URL: ${PUBLIC_URL}`, 'wallet: mock (open to every payee)']);
  });

  it('warns that an operator has no admin API without ADMIN_TOKEN, and not once it is set', async () => {
    expect((await doctor(live())).out).to.include('⚠ ADMIN_TOKEN is not set: no admin API, console or metrics');
    expect((await doctor(live(), { ADMIN_TOKEN: 'doctor-test-admin-token-0123' })).out).not.to.include('ADMIN_TOKEN is not set');
  });

  it('fails a spend key that is not the one Mixin has for the bot', async () => {
    const other = generateTestBot();
    const run = await doctor(live(), { MIXIN_SPEND_PRIVATE_KEY: other.keystore.spend_private_key });
    expect(run.code).to.equal(1);
    const check = block(run.out, /^✘ the spend key configured/);
    expect(check).to.include(`(public key ${other.spendPublicKey}) is not the one Mixin has for the bot (${bot.spendPublicKey})`);
    expect(check).to.include("→ set spend_private_key to the spend key of this bot's Safe keystore");
    expect(run.out).not.to.include(other.keystore.spend_private_key);
  });

  it('compares the TIP key when Mixin sends no spend_public_key', async () => {
    fake.state.registration.sends = 'tip-key-only';
    const run = await doctor(live());
    expect(run.code, run.out).to.equal(0);
    expect(run.out).to.include(`✔ the spend key configured is the bot's registered key (its TIP key, public key ${bot.spendPublicKey})`);
  });

  it('fails a bot that is not registered with Safe, whether Mixin says has_safe: false or error 10404', async () => {
    fake.state.registration.registered = false;
    const run = await doctor(live());
    expect(run.code).to.equal(1);
    expect(block(run.out, /^✘ the bot is not registered with Safe/))
      .to.include('has_safe: false')
      .and.include('client.safe.register(app_id, pin, spendPrivateKey)');
    expect(run.out).to.include('– balances: not checked (the bot cannot be read on Mixin, see above)');
    expect(fake.count('GET /safe/outputs')).to.equal(0);

    fake.state.registration.registered = true;
    fake.faults.failNext('GET /safe/me', 10404, { description: 'The user is not registered.' });
    const again = await doctor(live());
    expect(again.code).to.equal(1);
    expect(again.out).to.include(`✔ Mixin accepts the session of bot ${bot.keystore.app_id}`);
    expect(again.out).to.include('✘ Mixin answers error 10404: the bot is not registered with Safe');
  });

  it('fails an empty asset and warns of one under its alert threshold, with how to fund the bot', async () => {
    const run = await doctor(live({ alerts: { lowBalance: { [USDT]: '200' } } }), {}, false);
    expect(run.code).to.equal(0); // BTC funded, USDT only low
    expect(block(run.out, /^⚠ USDT/)).to.include('150.5 spendable in 2 unspent outputs: under its alert threshold of 200');
    expect(run.out).to.include(`⚠ BTC (${BTC}): 0.25 spendable in 1 unspent output; no alerts.lowBalance threshold`);

    for (const o of fake.state.outputs.values()) if (o.assetId === BTC) o.state = 'spent';
    const empty = await doctor(live());
    expect(empty.code).to.equal(1);
    const check = block(empty.out, /^✘ BTC/);
    expect(check).to.include(`BTC (${BTC}): 0 spendable in 0 unspent outputs: EMPTY, so mock cannot offer it`);
    expect(check).to.include(
      `→ fund the bot (App ID ${bot.keystore.app_id}) with BTC: a MixPay pay link with payeeId=${bot.keystore.app_id}`,
    );
  });

  it('fails the sandbox loudly: configure treasury.mixin', async () => {
    const run = await doctor(testConfig());
    expect(run.code).to.equal(1);
    expect(block(run.out, /^✘ the SANDBOX treasury is in use/))
      .to.include('NO REAL MONEY MOVES')
      .and.include('→ configure treasury.mixin');
    expect(fake.calls).to.deep.equal([]);
    expect(JSON.parse((await doctor(testConfig(), {}, true)).out).checks).to.deep.include({
      id: 'treasury',
      status: 'fail',
      summary: 'the SANDBOX treasury is in use: balances come from the config and NO REAL MONEY MOVES',
      advice: "configure treasury.mixin with the bot's Safe keystore (docs/going-live.md, step 1)",
    });
  });

  it("fails an older keystore file (pin, pin_token) with the guide's advice, and a session Mixin refuses", async () => {
    const file = join(dir, 'old-keystore.json');
    const { spend_private_key: _spend, ...rest } = bot.keystore;
    await writeFile(file, JSON.stringify({ ...rest, pin: '123456', pin_token: 'b2xkLXBpbi10b2tlbg', private_key: 'b2xk' }));
    const old = await doctor(live({ treasury: { mixin: { keystoreFile: file, baseUrl: fake.url, timeoutMs: 2000 } } }));
    expect(old.code).to.equal(1);
    const check = block(old.out, /^✘ an older keystore/);
    expect(check).to.include('no spend_private_key').and.include('create a new Safe keystore in the Mixin developer dashboard');
    expect(check).to.include('client.safe.register(app_id, pin, spendPrivateKey)');
    expect(old.out).to.include('– the Mixin session, Safe registration and spend key: not checked (no usable keystore)');

    const stranger = generateTestBot();
    const refused = await doctor(live(), { MIXIN_SESSION_PRIVATE_KEY: stranger.keystore.session_private_key });
    expect(refused.code).to.equal(1);
    expect(block(refused.out, /^✘ Mixin refused the session \(401\)/)).to.include("download the bot's Safe keystore again");
  });

  it("fails a wallet whose secret is unset, names it, and tells MixPay each wallet's payees", async () => {
    const config = live({
      wallets: {
        mock: mockWallet({ settings: { webhookSecret: { env: 'DOCTOR_TEST_SECRET' } } }),
        mock_jp: mockWallet({ payees: { allow: [PAYEE, OTHER_PAYEE], deny: [OTHER_PAYEE] } }),
        mock_x: mockWallet({ payees: { deny: [OTHER_PAYEE] } }),
        mock_off: mockWallet({ enabled: false }),
      },
    });
    const run = await doctor(config);
    expect(run.code).to.equal(1);
    expect(block(run.out, /^✘ wallet mock would be out of service/)).to.include(
      '(invalid_settings): settings: webhookSecret (environment variable DOCTOR_TEST_SECRET is not set)',
    );
    expect(run.out).to.match(/^✔ wallet mock_jp: plugin mock/m);
    expect(block(run.out, /^✔ webhook URLs/))
      .to.include(`mock_x (plugin mock): ${PUBLIC_URL}/webhooks/mock_x`)
      .and.not.include('mock_off');
    expect(run.out).to.include(
      [
        `  API base URL: ${PUBLIC_URL}`,
        '  wallet: mock (open to every payee)',
        `  wallet: mock_jp (open to 1 payee: ${PAYEE}; its deny list applied)`,
        `  wallet: mock_x (open to every payee except 1 denied payee: ${OTHER_PAYEE})`,
      ].join('\n'),
    );
    const fixed = await doctor(config, { DOCTOR_TEST_SECRET: 'a-long-enough-webhook-secret' });
    expect(fixed.code, fixed.out).to.equal(0);
    expect(fixed.out).not.to.include('a-long-enough-webhook-secret');
  });

  it('fails without DATABASE_URL (the embedded database is for trying out), an unreachable one, and a local PUBLIC_URL', async () => {
    const run = await doctor(live(), { DATABASE_URL: '', PUBLIC_URL: '' });
    expect(run.code).to.equal(1);
    expect(run.out).to.include(
      '✘ DATABASE_URL is not set: the broker would run on the embedded database (data/pg), which is for trying it out',
    );
    expect(run.out).to.include('✘ PUBLIC_URL is http://localhost:8080 (PUBLIC_URL is not set): MixPay and the providers cannot reach it');
    expect(run.out).to.include('– webhook URLs: not checked (no public address)');

    const away = await doctor(live(), {
      DATABASE_URL: 'postgresql://broker:hunter2-secret@127.0.0.1:1/broker',
      PUBLIC_URL: 'http://broker.example.com',
    });
    expect(away.out).to.match(/^✘ the database at DATABASE_URL does not answer: .*ECONNREFUSED/m);
    expect(away.out).to.include('– migrations: not checked (the database does not answer)');
    expect(away.out).to.include('⚠ PUBLIC_URL is http://broker.example.com: plain http');
    expect(away.out).not.to.include('hunter2-secret');
  });

  (onRealPostgres ? it : it.skip)('reports a database the server lacks, and does not create it', async () => {
    const name = `broker_doctor_missing_${Date.now()}`;
    const run = await doctor(live(), { DATABASE_URL: databaseUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`) });
    expect(run.out).to.match(new RegExp(`^✘ the database at DATABASE_URL does not answer: .*"${name}" does not exist`, 'm'));
    const sql = await sqlConnection();
    try {
      expect(await sql.execute<unknown[]>('select 1 from pg_database where datname = ?', [name])).to.deep.equal([]);
    } finally {
      await sql.close();
    }
  });

  it('runs as `npm run broker -- doctor`, exiting 1 on any ✘ and 0 when nothing is', async function () {
    this.timeout(60_000);
    const file = join(dir, 'spawned.json');
    const run = async (config: BrokerConfigInput) => {
      await writeFile(file, JSON.stringify(config));
      const env = { ...process.env, BROKER_CONFIG: file, DATABASE_URL: databaseUrl, PUBLIC_URL, ...keystoreEnv(bot.keystore) };
      return new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn('npm', ['run', '--silent', 'broker', '--', 'doctor'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
        child.on('exit', (code) => resolve({ code, stdout }));
      });
    };
    const sandbox = await run(testConfig());
    expect(sandbox.code).to.equal(1);
    expect(sandbox.stdout).to.include('✘ the SANDBOX treasury is in use');
    const good = await run(live());
    expect(good.code, good.stdout).to.equal(0);
    expect(good.stdout).to.include('  wallet: mock (open to every payee)');
  });

  it("stops at an invalid config with the broker's own message", async () => {
    const run = await doctor({ wallets: { x: { plugin: 'mock', assets: {} } } });
    expect(run.code).to.equal(1);
    expect(run.out).to.include('invalid config').and.include('wallet "x": assets: must offer at least one asset');
    expect(run.out).to.not.include('Tell MixPay');
  });
});
