import { expect } from 'chai';
import { SyncBalances } from '../../src/application/settlement/sync-balances.use-case.js';
import { ADMIN_BEARER, orderView } from '../support/admin-orders.js';
import { pressOnCheckout } from '../support/checkout.js';
import { FakeMixin, generateTestBot, type TestBot } from '../support/fake-mixin/index.js';
import { MIXPAY_BOT, USDT, mockWallet, testConfig } from '../support/fixtures.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { settlementSteps, type SettlementSteps } from '../support/settlement-steps.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import { TestClock } from '../support/test-clock.js';

/*
 * Mixin's 20117 (the bot lacks the money) on a paid order: MixPay waits for the transfer until the
 * order's `expired_at`, so the broker keeps retrying until then, past `maxAttempts`, with an alert;
 * at the deadline it stops, fails the order for an operator (critical alert) and pays nothing; the
 * operator's retry once money is back settles it, once. The clock is the test's, so "the deadline"
 * is a step of the test, not a wait.
 */
describe('insufficient balance (20117) until and after the order deadline', () => {
  const clock = new TestClock();
  let bot: TestBot;
  let fake: FakeMixin;
  let t: TestBroker;
  let steps: SettlementSteps;
  let order: PlacedOrder;

  const alerts = (key: string) => t.logs.records().filter((r) => String(r.alert) === key);
  /** One settlement round after moving the clock past the next attempt (retries are scheduled on it). */
  async function laterRound(ms: number): Promise<void> {
    clock.advance(ms);
    await steps.settle();
  }

  before(async () => {
    bot = generateTestBot();
    fake = await FakeMixin.start(bot);
    fake.state.addAsset(USDT, 'USDT', '1');
    fake.state.addOutput(USDT, '25');
    t = await startTestBroker({
      clock,
      adminToken: ADMIN_BEARER,
      config: {
        ...testConfig({ wallets: { mock: mockWallet() } }),
        treasury: { mixin: { keystore: { ...bot.keystore }, baseUrl: fake.url, timeoutMs: 800, poolOutputs: 1 } },
        settlement: { maxAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 60_000 },
      },
    });
    steps = settlementSteps(t);
    order = await placeOrder(t.url, { amount: '2', memo: 'short of money' });
    expect((await pressOnCheckout(order)).status).to.equal(303);
    // The money left the bot some other way; the balance sync tells the pool.
    for (const o of fake.state.outputs.values()) o.state = 'spent';
    await t.broker.container.get(SyncBalances).runOnce();
  });
  after(async () => {
    await t?.close();
    await fake?.close();
  });

  it('before the deadline: retried past maxAttempts, never later than the deadline, with an alert', async () => {
    await steps.settle();
    for (let i = 0; i < 5; i++) await laterRound(31_000); // the waits are capped at 30 s
    const view = await orderView(t.url, order.traceId);
    expect(view.status).to.equal('settling');
    expect(view.transfer).to.deep.include({ state: 'pending' });
    expect(view.transfer!.attempts, 'past maxAttempts (2)').to.equal(6);
    expect(view.transfer!.last_error).to.contain('insufficient balance');
    expect(Date.parse(view.transfer!.next_attempt_at)).to.be.at.most(Date.parse(view.expired_at));
    expect(alerts(`insufficient-balance:${USDT}`).length, 'an alert (rate-limited per asset)').to.be.at.least(1);
    expect(fake.state.payments).to.have.length(0);
  });

  it('the last retry is due at the deadline itself, not after it', async () => {
    const { expired_at } = await orderView(t.url, order.traceId);
    clock.set(new Date(Date.parse(expired_at) - 5_000));
    await steps.settle();
    const view = await orderView(t.url, order.traceId);
    expect(view.status).to.equal('settling');
    expect(view.transfer!.next_attempt_at).to.equal(expired_at);
  });

  it('at the deadline: the order fails for an operator, with a critical alert, and nothing is paid', async () => {
    const { expired_at } = await orderView(t.url, order.traceId);
    clock.set(new Date(expired_at));
    await steps.settle();
    const view = await orderView(t.url, order.traceId);
    expect(view.status).to.equal('settlement_failed');
    expect(view.transfer).to.deep.include({ state: 'failed' });
    expect(view.transfer!.last_error).to.contain('insufficient balance');
    const [failed] = alerts(`settlement-failed:${order.traceId}`);
    expect(failed, 'a settlement-failed alert').to.not.equal(undefined);
    expect(failed).to.include({ severity: 'critical' });
    // Failed for good: later rounds leave it alone.
    await laterRound(3_600_000);
    expect((await orderView(t.url, order.traceId)).transfer).to.deep.include({ state: 'failed', attempts: view.transfer!.attempts });
    expect(fake.state.payments).to.have.length(0);
  });

  it("after it: the operator's retry, once money is back, pays MixPay once", async () => {
    fake.state.addOutput(USDT, '10');
    await t.broker.container.get(SyncBalances).runOnce();
    const retry = await fetch(`${t.url}/admin/orders/${order.traceId}/retry-settlement`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_BEARER}` },
    });
    expect(retry.status).to.equal(202);
    await steps.settle();
    expect((await orderView(t.url, order.traceId)).status).to.equal('settled');
    expect(fake.state.paymentsTo(MIXPAY_BOT, '2', USDT)).to.equal(1);
  });
});
