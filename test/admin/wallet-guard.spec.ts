import { expect } from 'chai';
import { ADMIN_BEARER } from '../support/admin-orders.js';
import { enableWallet, walletRow } from '../support/admin-wallets.js';
import { PAYEE, USDT, mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { assetsRange, createOrder } from '../support/mixpay-client.js';
import { linkedPluginsDir, type LinkedPluginsDir } from '../support/plugin-dirs.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * A plugin that throws at run time is counted and logged with its wallet; after
 * `walletGuard.maxConsecutiveFailures` consecutive throws that wallet leaves assets/range and stops
 * taking orders until an operator re-enables it, while the other wallets keep serving. The
 * fixture-flaky plugin throws from createCheckout when an order's memo contains "throw", and from
 * verifyWebhook when a webhook body does.
 */

const MAX_FAILURES = 3;
const FLAKY = 'flaky';

describe('the wallet guard: a plugin that keeps throwing', () => {
  let plugins: LinkedPluginsDir;
  let t: TestBroker;
  before(async () => {
    plugins = await linkedPluginsDir(['plugins/mock', 'test/fixtures/plugins/fixture-flaky']);
  });
  after(async () => plugins?.remove());

  beforeEach(async () => {
    t = await startTestBroker({
      adminToken: ADMIN_BEARER,
      pluginsDir: plugins.dir,
      config: {
        ...testConfig({
          wallets: {
            mock: mockWallet(),
            [FLAKY]: mockWallet({
              plugin: 'fixture-flaky',
              assets: { [USDT]: { min: '0.1', max: '500', fee: '0.01', currency: 'USDT' } },
              settings: {},
            }),
          },
        }),
        walletGuard: { maxConsecutiveFailures: MAX_FAILURES },
      },
    });
  });
  afterEach(async () => t?.close());

  /** create_order on the flaky wallet with a memo that makes its plugin throw; answers the envelope code. */
  const throwingOrder = async (): Promise<number> =>
    (await createOrder(t.url, orderRequest({ wallet: FLAKY, memo: 'please throw now' }))).body.code;
  /** create_order on the flaky wallet that its plugin serves normally. */
  const goodOrder = async (wallet = FLAKY): Promise<number> =>
    (await createOrder(t.url, orderRequest({ wallet, memo: 'an ordinary order' }))).body.code;
  const throwTimes = async (n: number) => {
    for (let i = 0; i < n; i++) expect(await throwingOrder(), `throwing order ${i + 1}`).to.not.equal(0);
  };
  const rangeOf = async (wallet: string) => {
    const answer = await assetsRange(t.url, { payee_id: PAYEE, wallet });
    expect(answer.body.code, answer.body.message).to.equal(0);
    return answer.body.data;
  };
  /** Webhook bodies containing "throw" make fixture-flaky's verifyWebhook throw. */
  const postWebhook = (body: string) =>
    fetch(`${t.url}/webhooks/${FLAKY}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const errorRecords = () => t.logs.records().filter((r) => r.level === 'error');

  it('answers a create_order whose checkout threw with 11002, not a crash', async () => {
    expect(await throwingOrder()).to.equal(11002);
  });

  it('counts each throw: below the limit the wallet is listed with the count and still serves', async () => {
    await throwTimes(MAX_FAILURES - 1);
    expect(await walletRow(t.url, FLAKY)).to.deep.include({
      tripped: false,
      consecutive_failures: MAX_FAILURES - 1,
      taking_orders: true,
    });
    expect(await rangeOf(FLAKY)).to.have.length(1);
    expect(await goodOrder()).to.equal(0);
  });

  it('logs the first throw at error level with its wallet and stack, and not every repeat', async () => {
    await throwTimes(2);
    const lines = errorRecords().filter((r) => r.wallet === FLAKY && r.plugin === 'fixture-flaky');
    expect(
      lines.map((r) => r.consecutive_failures),
      JSON.stringify(lines),
    ).to.deep.equal([1]);
    expect(JSON.stringify(lines[0])).to.contain('"stack"');
  });

  it(`after ${MAX_FAILURES} consecutive throws the wallet disappears from assets/range`, async () => {
    expect(await rangeOf(FLAKY), 'offered before').to.have.length(1);
    await throwTimes(MAX_FAILURES);
    expect(await rangeOf(FLAKY)).to.deep.equal([]);
  });

  it(`after ${MAX_FAILURES} consecutive throws create_order answers 11000 for the wallet`, async () => {
    await throwTimes(MAX_FAILURES);
    const answer = await createOrder(t.url, orderRequest({ wallet: FLAKY, memo: 'an ordinary order' }));
    expect(answer.body).to.include({ code: 11000, success: false });
    expect(answer.body.message).to.match(/^Parameter error: wallet /);
  });

  it('lists a tripped wallet as tripped with the failure count, not paused and not taking orders', async () => {
    await throwTimes(MAX_FAILURES);
    expect(await walletRow(t.url, FLAKY)).to.deep.include({
      status: 'active',
      paused: false,
      tripped: true,
      consecutive_failures: MAX_FAILURES,
      taking_orders: false,
    });
  });

  it('logs the trip in exactly one error line naming the wallet and how to re-enable it', async () => {
    await throwTimes(MAX_FAILURES);
    // Further failures after the trip (a webhook the plugin throws on) must not repeat the line.
    expect((await postWebhook('{"please":"throw"}')).status).to.equal(500);
    const enableHint = `/admin/wallets/${FLAKY}/enable`;
    const tripLines = errorRecords().filter((r) => String(r.msg).includes(enableHint));
    expect(tripLines, JSON.stringify(errorRecords())).to.have.length(1);
    expect(tripLines[0]!.wallet).to.equal(FLAKY);
    expect(String(tripLines[0]!.msg)).to.contain(FLAKY).and.contain(String(MAX_FAILURES));
  });

  it('keeps the other wallets serving while one is tripped', async () => {
    const before = await rangeOf('mock');
    await throwTimes(MAX_FAILURES);
    expect(await rangeOf('mock')).to.deep.equal(before);
    expect(await goodOrder('mock')).to.equal(0);
  });

  it('a success in between resets the streak', async () => {
    await throwTimes(MAX_FAILURES - 1);
    expect(await goodOrder()).to.equal(0);
    await throwTimes(MAX_FAILURES - 1);
    expect(await walletRow(t.url, FLAKY)).to.deep.include({ tripped: false, consecutive_failures: MAX_FAILURES - 1 });
    expect(await rangeOf(FLAKY)).to.have.length(1);
  });

  it('counts throws from webhook verification too', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await postWebhook('{"please":"throw"}');
    expect(await walletRow(t.url, FLAKY)).to.deep.include({ tripped: true, consecutive_failures: MAX_FAILURES });
    expect(await rangeOf(FLAKY)).to.deep.equal([]);
  });

  it('enable clears the trip: the count is 0 and the wallet is back in assets/range taking orders', async () => {
    await throwTimes(MAX_FAILURES);
    const answer = await enableWallet(t.url, FLAKY);
    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ tripped: false, consecutiveFailures: 0 });
    expect(await walletRow(t.url, FLAKY)).to.deep.include({ tripped: false, consecutive_failures: 0, taking_orders: true });
    expect(await rangeOf(FLAKY)).to.have.length(1);
    expect(await goodOrder()).to.equal(0);
  });

  it(`after enable it takes ${MAX_FAILURES} fresh consecutive throws to trip again`, async () => {
    await throwTimes(MAX_FAILURES);
    await enableWallet(t.url, FLAKY);
    await throwTimes(MAX_FAILURES - 1);
    expect(await rangeOf(FLAKY), 'one short of the limit').to.have.length(1);
    await throwTimes(1);
    expect(await rangeOf(FLAKY)).to.deep.equal([]);
  });

  it('stays out of assets/range when a later call to the plugin succeeds, until an operator re-enables it', async () => {
    await throwTimes(MAX_FAILURES);
    // A webhook the plugin verifies without throwing: the wallet still serves webhooks while tripped.
    const ack = await postWebhook('{"event":"nothing"}');
    expect(ack.status).to.equal(200);
    expect(await rangeOf(FLAKY)).to.deep.equal([]);
    expect(await walletRow(t.url, FLAKY)).to.deep.include({ tripped: true, taking_orders: false });
  });
});
