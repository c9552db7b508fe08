import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { reviewOrder } from '../support/admin-actions.js';
import { ADMIN_BEARER, orderView } from '../support/admin-orders.js';
import { walletRow } from '../support/admin-wallets.js';
import { pressOnCheckout } from '../support/checkout.js';
import { launchChromium, screenshot } from '../support/console-browser.js';
import { FakeMixin, generateTestBot } from '../support/fake-mixin/index.js';
import { BTC, OTHER_PAYEE, USDT, mockWallet, testConfig } from '../support/fixtures.js';
import { deliverMockWebhook, mockEventBody } from '../support/mock-webhooks.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { settlementSteps, type SettlementSteps } from '../support/settlement-steps.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * The operator's console in a real browser (Chromium): sign in with the admin token, find an order
 * by its trace id, open it, retry its failed settlement, decide a review, switch a wallet off and
 * on. The broker settles through its real Mixin treasury against the fake Mixin, so a settlement
 * can fail for good as it does in production.
 */
describe('the admin console in a browser', function () {
  this.timeout(30_000);
  let browser: Browser;
  let page: Page;
  let fake: FakeMixin;
  let t: TestBroker;
  let steps: SettlementSteps;
  let failed: PlacedOrder;
  let review: PlacedOrder;
  const cspViolations: string[] = [];

  before(async function () {
    browser = await launchChromium(this);
    const bot = generateTestBot();
    fake = await FakeMixin.start(bot);
    fake.state.addAsset(USDT, 'USDT', '1.0002');
    fake.state.addAsset(BTC, 'BTC', '91234.56');
    fake.state.addOutput(USDT, '2500');
    fake.state.addOutput(BTC, '0.4');
    const config: BrokerConfigInput = {
      ...testConfig({ wallets: { mock: mockWallet() } }),
      treasury: { mixin: { keystore: { ...bot.keystore }, baseUrl: fake.url, timeoutMs: 800 } },
      settlement: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 20 },
      alerts: { lowBalance: { [BTC]: '0.5' } },
    };
    t = await startTestBroker({ adminToken: ADMIN_BEARER, config });
    steps = settlementSteps(t);

    // A few orders of every kind, so the list looks like a working day.
    for (const overrides of [{}, { amount: '25.5' }, { asset_id: BTC, amount: '0.0042' }, { payee_id: OTHER_PAYEE, amount: '120' }]) {
      const o = await placeOrder(t.url, overrides);
      await pressOnCheckout(o);
    }
    await steps.settle();
    await placeOrder(t.url, { amount: '7.25' });
    await pressOnCheckout(await placeOrder(t.url, { amount: '3' }), 'fail');
    failed = await placeOrder(t.url, { amount: '42' });
    await pressOnCheckout(failed);
    // Invalid receivers: refused for good (20117, insufficient balance, is retried until the order's deadline instead).
    fake.faults.failNext('POST /safe/transaction/requests', 20150);
    await steps.settle();
    expect((await orderView(t.url, failed.traceId)).status, 'fixture').to.equal('settlement_failed');
    review = await placeOrder(t.url, { amount: '10' });
    const underpaid = mockEventBody({
      type: 'payment.succeeded',
      tradeNo: review.tradeNo,
      paymentId: review.paymentId,
      amount: '9.5',
      currency: 'USDT',
    });
    expect((await deliverMockWebhook(t.url, 'mock', underpaid)).status).to.equal(200);

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(5_000); // a missing element fails its test quickly, not at mocha's limit
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await fake?.close();
  });

  const openSection = (name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).click();

  const signIn = async () => {
    await page.getByLabel('Admin token').fill(ADMIN_BEARER);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  };

  it('signs in with the admin token, refusing a wrong one, and keeps it out of URLs and cookies', async () => {
    const res = await page.goto(`${t.url}/admin/ui`);
    expect(res?.headers()['content-security-policy']).to.include("default-src 'self'").and.include("frame-ancestors 'none'");
    await page.getByLabel('Admin token').fill('not-the-token-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That token was refused.').waitFor();
    await signIn();
    expect(await page.evaluate("sessionStorage.getItem('mixpay-broker.admin-token')")).to.equal(ADMIN_BEARER);
    expect(await page.context().cookies()).to.deep.equal([]);
    expect(page.url()).to.not.include(ADMIN_BEARER);
  });

  it('shows on the dashboard what needs an operator: one failed settlement, one review, BTC under its alert', async () => {
    expect(await page.locator('.tile', { hasText: 'Settlement failed' }).locator('.tile-value').textContent()).to.equal('1');
    expect(await page.locator('.tile', { hasText: 'Needs review' }).locator('.tile-value').textContent()).to.equal('1');
    const btc = page.locator('tr', { hasText: 'BTC' });
    expect(await btc.locator('.badge').textContent()).to.equal('Low');
    await screenshot(page, 'dashboard');
  });

  it('finds an order by part of its trace id and opens it, with its whole history', async () => {
    await openSection('Orders');
    await page.getByText('Page 1 · 8 orders').waitFor();
    expect(await page.locator('tbody tr').count()).to.equal(8);
    await screenshot(page, 'orders');

    await page.getByLabel('Search').fill(failed.traceId.slice(9, 23));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Page 1 · 1 orders').waitFor();
    expect(await page.locator('tbody tr').count()).to.equal(1);
    await page.getByRole('link', { name: failed.traceId }).click();
    await page.getByRole('heading', { name: 'Order', level: 1 }).waitFor();
    expect(await page.locator('.page-header .badge').textContent()).to.equal('Settlement failed');
    const history = await page.locator('section', { hasText: 'History' }).locator('tbody tr').allTextContents();
    expect(history).to.have.length(5);
    expect(history[0]).to.include('Settling').and.include('Settlement failed');
    expect(await page.getByRole('note').textContent()).to.include('The transfer to MixPay failed for good');
  });

  it('retries the failed settlement once confirmed, and the order settles', async () => {
    await page.getByRole('button', { name: 'Retry settlement' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).to.include('42.00 USDT');
    await dialog.getByRole('button', { name: 'Retry settlement' }).click();
    await page.getByText('Settlement queued again.').waitFor();
    expect(await page.locator('.page-header .badge').textContent()).to.equal('Settling');

    await steps.settle();
    await page.reload();
    await page.locator('.page-header .badge', { hasText: 'Settled' }).waitFor();
    expect((await orderView(t.url, failed.traceId)).transfer).to.deep.include({ state: 'done' });
    await screenshot(page, 'order', true);
  });

  it('decides a review: a cancelled refund changes nothing, a confirmed settle goes through with its note', async () => {
    await page.goto(`${t.url}/admin/ui#/orders/${review.traceId}`);
    expect(await page.getByRole('note').textContent()).to.include('The wallet reported 9.50 USDT paid; 10.10 USDT was due');
    await page.getByRole('button', { name: 'Refund the payer' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await orderView(t.url, review.traceId)).status).to.equal('needs_review');

    await page.getByRole('button', { name: 'Settle anyway' }).click();
    await page.getByRole('dialog').getByLabel('Note').fill('short by 0.60, broker covers it');
    await page.getByRole('dialog').getByRole('button', { name: 'Settle anyway' }).click();
    await page.getByText('Decided: settling.').waitFor();
    const view = await orderView(t.url, review.traceId);
    expect(view.status).to.equal('settling');
    expect(view.history.at(-1)?.cause).to.equal('operator review: settle (short by 0.60, broker covers it)');
    expect((await reviewOrder(t.url, review.traceId, 'settle')).status, 'decided once').to.equal(409);
  });

  it('disables a wallet once confirmed, and enables it again', async () => {
    await openSection('Wallets');
    await page.getByRole('heading', { name: 'Wallets' }).waitFor();
    await screenshot(page, 'wallets');
    await page.getByRole('button', { name: 'Disable mock' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable mock' }).click();
    await page.getByText('Paused by an operator').waitFor();
    expect((await walletRow(t.url, 'mock')).paused).to.equal(true);

    await page.getByRole('button', { name: 'Enable mock' }).click();
    await page.getByText('Taking orders').waitFor();
    expect((await walletRow(t.url, 'mock')).taking_orders).to.equal(true);
  });

  it('shows what an order carries as text, never as markup', async () => {
    const order = await placeOrder(t.url, { memo: '<img src=x id=injected>' });
    await page.goto(`${t.url}/admin/ui#/orders/${order.traceId}`);
    await page.getByText('<img src=x id=injected>').waitFor();
    expect(await page.locator('#injected').count()).to.equal(0);
  });

  it('ran without a single Content Security Policy violation', () => {
    expect(cspViolations).to.deep.equal([]);
  });
});
