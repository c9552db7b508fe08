import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { ADMIN_BEARER, adminGet, orderView } from '../support/admin-orders.js';
import { disableWallet, enableWallet, listWallets, walletRow, type WalletRow } from '../support/admin-wallets.js';
import { BTC, PAYEE, USDT, mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { assetsRange, createOrder } from '../support/mixpay-client.js';
import { deliverMockWebhook, mockEventBody } from '../support/mock-webhooks.js';
import { pressOnCheckout } from '../support/checkout.js';
import { placeOrder } from '../support/orders.js';
import { linkedPluginsDir, type LinkedPluginsDir } from '../support/plugin-dirs.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * Wallet control for operators: GET /admin/wallets shows every configured wallet identifier as it
 * stands, and POST /admin/wallets/<id>/disable|enable takes one out of (and back into) assets/range
 * and create_order on a running broker, while webhooks for its existing orders keep working.
 */

const FIXTURES = 'test/fixtures/plugins';
const USDT_BALANCE = '1000';

type WalletEntry = ReturnType<typeof mockWallet>;

/** The version a plugin's package.json declares (what the broker should report for it). */
const versionOf = (dir: string): string => (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { version: string }).version;

/** Every kind of wallet identifier an operator can meet, side by side on one broker. */
const WALLETS: Record<string, WalletEntry> = {
  mock: mockWallet(),
  mock_b: mockWallet(),
  mock_off: mockWallet({ enabled: false }),
  mock_badset: mockWallet({ settings: { webhookSecret: 'too-short' } }),
  fx_broken: mockWallet({ plugin: 'fixture-throws-on-create', settings: {} }),
  fx_absent: mockWallet({ plugin: 'fixture-absent', settings: {} }),
};

async function startControlBroker(plugins: LinkedPluginsDir): Promise<TestBroker> {
  return startTestBroker({
    adminToken: ADMIN_BEARER,
    pluginsDir: plugins.dir,
    config: testConfig({ usdtBalance: USDT_BALANCE, wallets: WALLETS }),
  });
}

const range = async (t: TestBroker, wallet: string) => {
  const answer = await assetsRange(t.url, { payee_id: PAYEE, wallet });
  expect(answer.body.code, `assets/range of ${wallet}: ${answer.body.message}`).to.equal(0);
  return answer.body.data;
};

const assetOf = (row: WalletRow, assetId: string) => {
  const asset = row.assets.find((a) => a.asset_id === assetId);
  if (!asset) throw new Error(`wallet ${row.wallet} lists no asset ${assetId}: ${JSON.stringify(row.assets)}`);
  return asset;
};

const dec = (value: string | null | undefined): Decimal => {
  if (value === null || value === undefined) throw new Error(`expected a decimal string, got ${String(value)}`);
  return new Decimal(value);
};

describe('wallet control for operators', () => {
  let plugins: LinkedPluginsDir;
  before(async () => {
    plugins = await linkedPluginsDir(['plugins/mock', `${FIXTURES}/fixture-flaky`, `${FIXTURES}/fixture-throws-on-create`]);
  });
  after(async () => plugins?.remove());

  describe('GET /admin/wallets', () => {
    let t: TestBroker;
    before(async () => {
      t = await startControlBroker(plugins);
    });
    after(async () => t?.close());

    it('lists every configured wallet identifier exactly once', async () => {
      const rows = await listWallets(t.url);
      expect(rows.map((r) => r.wallet).sort()).to.deep.equal(Object.keys(WALLETS).sort());
    });

    it('shows a working wallet with its plugin, plugin version and a clean state', async () => {
      const row = await walletRow(t.url, 'mock');
      expect(row).to.deep.include({
        plugin: 'mock',
        plugin_version: versionOf('plugins/mock'),
        enabled: true,
        status: 'active',
        problem: null,
        paused: false,
        tripped: false,
        consecutive_failures: 0,
        taking_orders: true,
      });
    });

    it("lists a wallet's assets with the configured min, max, fee and currency", async () => {
      const row = await walletRow(t.url, 'mock');
      expect(row.assets.map((a) => a.asset_id).sort()).to.deep.equal(Object.keys(WALLETS.mock!.assets).sort());
      for (const [assetId, terms] of Object.entries(WALLETS.mock!.assets)) {
        const asset = assetOf(row, assetId);
        expect(asset.currency, assetId).to.equal(terms.currency);
        expect(dec(asset.min).equals(terms.min), `${assetId} min ${asset.min}`).to.equal(true);
        expect(dec(asset.max).equals(terms.max), `${assetId} max ${asset.max}`).to.equal(true);
        expect(dec(asset.fee).equals(terms.fee), `${assetId} fee ${asset.fee}`).to.equal(true);
      }
    });

    it("lists each asset's balance, reserved and available amounts from the treasury", async () => {
      const usdt = assetOf(await walletRow(t.url, 'mock'), USDT);
      expect(dec(usdt.balance).equals(USDT_BALANCE), `balance ${usdt.balance}`).to.equal(true);
      expect(dec(usdt.reserved).isZero(), `reserved ${usdt.reserved}`).to.equal(true);
      expect(dec(usdt.available).equals(USDT_BALANCE), `available ${usdt.available}`).to.equal(true);
    });

    it('shows the amount of a new order as reserved, and that much less available', async () => {
      const before = assetOf(await walletRow(t.url, 'mock'), USDT);
      await placeOrder(t.url, { asset_id: USDT, amount: '12.5' });
      const after = assetOf(await walletRow(t.url, 'mock'), USDT);
      expect(dec(after.reserved).minus(dec(before.reserved)).toString()).to.equal('12.5');
      expect(dec(before.available).minus(dec(after.available)).toString()).to.equal('12.5');
      expect(dec(after.balance).equals(dec(before.balance)), 'the balance itself is unchanged').to.equal(true);
    });

    it('shows a wallet disabled in the config as disabled, not taking orders, with no problem', async () => {
      expect(await walletRow(t.url, 'mock_off')).to.deep.include({
        plugin: 'mock',
        enabled: false,
        status: 'disabled',
        problem: null,
        taking_orders: false,
      });
    });

    it('shows a wallet whose plugin fails to start as broken, with the reason', async () => {
      const row = await walletRow(t.url, 'fx_broken');
      expect(row).to.deep.include({
        plugin: 'fixture-throws-on-create',
        plugin_version: versionOf(`${FIXTURES}/fixture-throws-on-create`),
        enabled: true,
        status: 'broken',
        taking_orders: false,
      });
      expect(row.problem).to.be.a('string').and.contain('rejected the credentials');
    });

    it('shows a wallet whose plugin is not installed as missing, naming the plugin', async () => {
      const row = await walletRow(t.url, 'fx_absent');
      expect(row).to.deep.include({ plugin: 'fixture-absent', plugin_version: null, status: 'missing', taking_orders: false });
      expect(row.problem).to.be.a('string').and.contain('fixture-absent');
    });

    it('shows a wallet whose settings the plugin refuses as invalid_settings, naming the field', async () => {
      const row = await walletRow(t.url, 'mock_badset');
      expect(row).to.deep.include({ plugin: 'mock', status: 'invalid_settings', taking_orders: false });
      expect(row.problem).to.be.a('string').and.contain('webhookSecret');
    });

    it("still lists an out-of-service wallet's assets and limits", async () => {
      const row = await walletRow(t.url, 'fx_absent');
      expect(row.assets.map((a) => a.asset_id).sort()).to.deep.equal([USDT, BTC].sort());
    });
  });

  describe('admin wallet routes without the admin token', () => {
    let t: TestBroker;
    before(async () => {
      t = await startControlBroker(plugins);
    });
    after(async () => t?.close());

    it('GET /admin/wallets answers 401 without a token', async () => {
      const answer = await adminGet(t.url, '/admin/wallets', null);
      expect(answer.status).to.equal(401);
      expect(JSON.stringify(answer.body)).to.not.contain('mock_b');
    });

    it('GET /admin/wallets answers 401 to a wrong token', async () => {
      expect((await adminGet(t.url, '/admin/wallets', 'not-the-admin-token-at-all')).status).to.equal(401);
    });

    it('POST /admin/wallets/<id>/disable answers 401 without a token and leaves the wallet serving', async () => {
      expect((await disableWallet(t.url, 'mock', null)).status).to.equal(401);
      expect(await range(t, 'mock')).to.not.deep.equal([]);
      expect((await walletRow(t.url, 'mock')).paused).to.equal(false);
    });

    it('POST /admin/wallets/<id>/enable answers 401 without a token and leaves a paused wallet paused', async () => {
      expect((await disableWallet(t.url, 'mock_b')).status).to.equal(200);
      expect((await enableWallet(t.url, 'mock_b', null)).status).to.equal(401);
      expect(await range(t, 'mock_b')).to.deep.equal([]);
    });
  });

  describe('POST /admin/wallets/<id>/disable and /enable', () => {
    let t: TestBroker;
    beforeEach(async () => {
      t = await startControlBroker(plugins);
    });
    afterEach(async () => t?.close());

    it('disable answers 200 and the wallet is listed as paused and not taking orders', async () => {
      const answer = await disableWallet(t.url, 'mock');
      expect(answer.status).to.equal(200);
      expect(answer.body).to.include({ wallet: 'mock', paused: true });
      expect(await walletRow(t.url, 'mock')).to.deep.include({ paused: true, taking_orders: false, status: 'active', enabled: true });
    });

    it('a disabled wallet disappears from assets/range (code 0, empty list)', async () => {
      expect(await range(t, 'mock'), 'offered before').to.have.length(2);
      await disableWallet(t.url, 'mock');
      expect(await range(t, 'mock')).to.deep.equal([]);
    });

    it('create_order on a disabled wallet answers 11000 naming the wallet, and reserves nothing', async () => {
      await disableWallet(t.url, 'mock');
      const answer = await createOrder(t.url, orderRequest({ wallet: 'mock' }));
      expect(answer.body).to.include({ code: 11000, success: false });
      expect(answer.body.message).to.match(/^Parameter error: wallet /);
      expect(dec(assetOf(await walletRow(t.url, 'mock'), USDT).reserved).isZero()).to.equal(true);
    });

    it('disabling one wallet leaves the other wallets serving', async () => {
      const before = await range(t, 'mock_b');
      await disableWallet(t.url, 'mock');
      expect(await range(t, 'mock_b')).to.deep.equal(before);
      expect((await createOrder(t.url, orderRequest({ wallet: 'mock_b' }))).body.code).to.equal(0);
    });

    it('a verified webhook still marks an existing order of a disabled wallet paid', async () => {
      const order = await placeOrder(t.url, { wallet: 'mock', amount: '10' });
      await disableWallet(t.url, 'mock');
      const body = mockEventBody({
        type: 'payment.succeeded',
        tradeNo: order.tradeNo,
        paymentId: order.paymentId,
        amount: '10.1',
        currency: 'USDT',
      });
      const ack = await deliverMockWebhook(t.url, 'mock', body);
      expect(ack.status, ack.text).to.equal(200);
      expect((await orderView(t.url, order.traceId)).status).to.equal('paid');
    });

    it('the checkout page of an existing order still takes the payment after its wallet is disabled', async () => {
      const order = await placeOrder(t.url, { wallet: 'mock', amount: '10' });
      await disableWallet(t.url, 'mock');
      const pressed = await pressOnCheckout(order, 'pay');
      expect(pressed.status).to.equal(303);
      expect((await orderView(t.url, order.traceId)).status).to.equal('paid');
    });

    it('enable puts the wallet back in assets/range with the rows it had before', async () => {
      const before = await range(t, 'mock');
      await disableWallet(t.url, 'mock');
      const answer = await enableWallet(t.url, 'mock');
      expect(answer.status).to.equal(200);
      expect(answer.body).to.include({ wallet: 'mock', paused: false });
      expect(await range(t, 'mock')).to.deep.equal(before);
    });

    it('enable lets the wallet take orders again', async () => {
      await disableWallet(t.url, 'mock');
      await enableWallet(t.url, 'mock');
      expect((await createOrder(t.url, orderRequest({ wallet: 'mock' }))).body.code).to.equal(0);
      expect(await walletRow(t.url, 'mock')).to.deep.include({ paused: false, taking_orders: true });
    });

    it('disable answers 404 for a wallet identifier that is not configured, adding nothing to the list', async () => {
      const answer = await disableWallet(t.url, 'no_such_wallet');
      expect(answer.status).to.equal(404);
      expect((await listWallets(t.url)).map((r) => r.wallet)).to.not.include('no_such_wallet');
    });

    it('enable answers 404 for a wallet identifier that is not configured', async () => {
      expect((await enableWallet(t.url, 'no_such_wallet')).status).to.equal(404);
    });
  });
});
