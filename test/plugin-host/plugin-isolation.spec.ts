import { expect } from 'chai';
import type { WalletStatus } from '../../src/plugin-host/wallet-state.js';
import { FIXTURE_LINKS, TOKEN_HEADER } from '../fixtures/plugins/fixture-good/src/index.js';
import { MOCK_SECRET, PAYEE, USDT, mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { assetsRange, createOrder } from '../support/mixpay-client.js';
import { deliverMockWebhook, mockEventBody } from '../support/mock-webhooks.js';
import { linkedPluginsDir, type LinkedPluginsDir } from '../support/plugin-dirs.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

const FIXTURES_DIR = 'test/fixtures/plugins';

type WalletEntry = ReturnType<typeof mockWallet>;

/** A wallet entry using `plugin`, offering USDT. */
function walletOf(plugin: string, settings: Record<string, unknown> = {}): WalletEntry {
  return {
    plugin,
    enabled: true,
    payees: {},
    assets: { [USDT]: { min: '0.5', max: '50', fee: '0.02', currency: 'USDT' } },
    settings,
  };
}

/** Error-level log lines that name `wallet` (as a field or in the message). */
const errorLinesNaming = (t: TestBroker, wallet: string) =>
  t.logs.records().filter((r) => r.level === 'error' && (r.wallet === wallet || String(r.msg).includes(wallet)));

interface FailingWallet {
  readonly wallet: string;
  readonly plugin: string;
  readonly status: WalletStatus;
  /** What the problem must say, so an operator can see what is wrong without a debugger. */
  readonly problem: string | RegExp;
}

const FAILING: readonly FailingWallet[] = [
  // Where the entry fails to parse: file, line and column.
  { wallet: 'fx_syntax', plugin: 'fixture-syntax-error', status: 'broken', problem: /fixture-syntax-error\/src\/index\.ts:\d+:\d+/ },
  { wallet: 'fx_missing_dep', plugin: 'fixture-missing-dep', status: 'broken', problem: '@mixpay-broker-fixtures/no-such-package' },
  { wallet: 'fx_wrong_api', plugin: 'fixture-wrong-api', status: 'incompatible', problem: '99' },
  { wallet: 'fx_bad_manifest', plugin: 'fixture-bad-manifest', status: 'broken', problem: 'entry' },
  { wallet: 'fx_throws', plugin: 'fixture-throws-on-create', status: 'broken', problem: 'rejected the credentials' },
  { wallet: 'fx_absent', plugin: 'fixture-absent', status: 'missing', problem: 'fixture-absent' },
];

describe('plugin isolation: one broker, one wallet per fixture plugin', () => {
  let t: TestBroker;
  before(async () => {
    const wallets: Record<string, WalletEntry> = { fx_good: walletOf('fixture-good') };
    for (const f of FAILING) wallets[f.wallet] = walletOf(f.plugin);
    t = await startTestBroker({ pluginsDir: FIXTURES_DIR, config: testConfig({ wallets }) });
  });
  after(async () => t.close());

  describe('the wallet whose plugin works', () => {
    it('is active', () => {
      expect(t.broker.plugins.state('fx_good')?.status).to.equal('active');
    });

    it('offers its configured asset in assets/range', async () => {
      const range = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'fx_good' });
      expect(range.body.code).to.equal(0);
      expect(range.body.data.map((r) => r.asset_id)).to.deep.equal([USDT]);
      expect(range.body.data[0]).to.include({ fee: '0.0200' });
    });

    it("answers create_order with the plugin's checkout links", async () => {
      const answer = await createOrder(t.url, orderRequest({ wallet: 'fx_good', amount: '5' }));
      expect(answer.body.code, answer.body.message).to.equal(0);
      expect(answer.body.data).to.deep.equal({
        checkout_url: FIXTURE_LINKS.checkoutUrl,
        deep_link: FIXTURE_LINKS.deepLink,
        universal_url: FIXTURE_LINKS.universalUrl,
      });
    });

    it('logs no error line about it', () => {
      expect(errorLinesNaming(t, 'fx_good')).to.deep.equal([]);
    });
  });

  for (const f of FAILING) {
    describe(`wallet ${f.wallet} (plugin ${f.plugin})`, () => {
      it(`is out of service as ${f.status}, saying why`, () => {
        const state = t.broker.plugins.state(f.wallet);
        expect(state?.status).to.equal(f.status);
        if (typeof f.problem === 'string') expect(state?.problem).to.contain(f.problem);
        else expect(state?.problem).to.match(f.problem);
      });

      it('is reported by exactly one error log line naming the wallet', () => {
        const lines = errorLinesNaming(t, f.wallet);
        expect(lines, JSON.stringify(lines)).to.have.length(1);
        expect(lines[0]!.wallet).to.equal(f.wallet);
        expect(String(lines[0]!.msg)).to.contain(f.wallet);
      });

      it('answers an empty assets/range', async () => {
        const range = await assetsRange(t.url, { payee_id: PAYEE, wallet: f.wallet });
        expect(range.body).to.include({ code: 0 });
        expect(range.body.data).to.deep.equal([]);
      });

      it('refuses create_order with 11000', async () => {
        const answer = await createOrder(t.url, orderRequest({ wallet: f.wallet, amount: '5' }));
        expect(answer.body).to.include({ code: 11000, success: false });
        expect(answer.body.message).to.contain('wallet');
      });
    });
  }
});

describe('plugin settings the plugin refuses', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({
      config: testConfig({ wallets: { mock: mockWallet({ settings: { webhookSecret: 'too-short' } }) } }),
    });
  });
  after(async () => t.close());

  it('puts the wallet out of service as invalid_settings, naming the field', () => {
    const state = t.broker.plugins.state('mock');
    expect(state?.status).to.equal('invalid_settings');
    expect(state?.problem).to.contain('webhookSecret');
  });

  it('refuses create_order on it with 11000', async () => {
    const answer = await createOrder(t.url, orderRequest());
    expect(answer.body.code).to.equal(11000);
  });
});

describe('a setting read from an environment variable that is not set', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker({
      processEnv: {},
      config: testConfig({ wallets: { mock: mockWallet({ settings: { webhookSecret: { env: 'MOCK_SECRET_VAR' } } }) } }),
    });
  });
  after(async () => t.close());

  it('puts the wallet out of service as invalid_settings, naming the variable', () => {
    const state = t.broker.plugins.state('mock');
    expect(state?.status).to.equal('invalid_settings');
    expect(state?.problem).to.contain('MOCK_SECRET_VAR');
  });
});

describe('a secret read from an environment variable that is set', () => {
  const SECRET = 'env-only-secret-7c1f9a2e4b6d8f0a';
  let plugins: LinkedPluginsDir;
  let t: TestBroker;
  before(async () => {
    // The shipped mock plugin and the fixture that logs its settings and webhook headers, side by side.
    plugins = await linkedPluginsDir(['plugins/mock', `${FIXTURES_DIR}/fixture-good`]);
    t = await startTestBroker({
      pluginsDir: plugins.dir,
      processEnv: { MOCK_SECRET_VAR: SECRET },
      config: testConfig({
        wallets: {
          mock: mockWallet({ settings: { webhookSecret: { env: 'MOCK_SECRET_VAR' } } }),
          fx_good: walletOf('fixture-good', { webhookToken: { env: 'MOCK_SECRET_VAR' } }),
        },
      }),
    });
  });
  after(async () => {
    await t?.close();
    await plugins?.remove();
  });

  const stranger = () =>
    mockEventBody({ type: 'payment.failed', tradeNo: 'f'.repeat(32), paymentId: 'pay_x', amount: '1', currency: 'USDT' });

  it('makes the wallet active', () => {
    expect(t.broker.plugins.state('mock')?.status).to.equal('active');
    expect(t.broker.plugins.state('fx_good')?.status).to.equal('active');
  });

  it("is the mock wallet's webhook secret: signatures made with it verify", async () => {
    const answer = await deliverMockWebhook(t.url, 'mock', stranger(), { secret: SECRET });
    expect(answer.status).to.equal(200);
  });

  it('is the only webhook secret: signatures made with another one are refused', async () => {
    const answer = await deliverMockWebhook(t.url, 'mock', stranger(), { secret: MOCK_SECRET });
    expect(answer.status).to.equal(401);
  });

  it('never appears in a log line, even when a plugin logs its settings and the headers carrying it', async () => {
    const res = await fetch(`${t.url}/webhooks/fx_good`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: SECRET },
      body: '{}',
    });
    expect(res.status, 'the fixture accepted the token, so it had the secret').to.equal(200);
    const records = t.logs.records();
    expect(records.map((r) => r.msg)).to.include('fixture-good starting with these settings');
    const headersLine = records.find((r) => r.msg === 'fixture-good webhook received');
    expect((headersLine?.headers as Record<string, unknown> | undefined)?.[TOKEN_HEADER], 'the logged header').to.equal('[REDACTED]');
    expect(t.logs.text()).to.not.contain(SECRET);
  });
});
