import { expect } from 'chai';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { ADMIN_BEARER, orderView } from '../support/admin-orders.js';
import { FakeMixin, generateTestBot, mixpayRefundMemo, type TestBot } from '../support/fake-mixin/index.js';
import { MIXPAY_BOT, USDT, mockWallet, testConfig } from '../support/fixtures.js';
import { pressOnCheckout } from '../support/checkout.js';
import { assetsRange } from '../support/mixpay-client.js';
import { placeOrder, type PlacedOrder } from '../support/orders.js';
import { settlementSteps, type SettlementSteps } from '../support/settlement-steps.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import type { WalletRow } from '../support/admin-wallets.js';
import { SyncBalances } from '../../src/application/settlement/sync-balances.use-case.js';

/*
 * The broker with its real Mixin treasury (the SDK over HTTP) against our fake Mixin: settlement,
 * retries on Mixin's errors, giving up and the operator's retry, and MixPay's refund memo.
 */
function mixinConfig(bot: TestBot, fake: FakeMixin, maxAttempts: number): BrokerConfigInput {
  return {
    ...testConfig({ wallets: { mock: mockWallet() } }),
    // No splits: these tests count Mixin calls and faults of the transfers alone.
    treasury: { mixin: { keystore: { ...bot.keystore }, baseUrl: fake.url, timeoutMs: 800, poolOutputs: 1 } },
    settlement: { maxAttempts, baseDelayMs: 10, maxDelayMs: 20 },
  };
}

/** An order paid on the mock's checkout page (the mock then knows it is paid, so it can refund it). */
async function paidOrder(t: TestBroker, memo: string): Promise<PlacedOrder> {
  const order = await placeOrder(t.url, { amount: '2', memo });
  expect((await pressOnCheckout(order)).status).to.equal(303);
  return order;
}

/** Runs settlement rounds until nothing is due (retries are scheduled a few ms ahead). */
async function settleUntilQuiet(steps: SettlementSteps, rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await steps.settle();
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe('settlement through the Mixin treasury (real SDK, fake Mixin)', () => {
  let bot: TestBot;
  let fake: FakeMixin;
  let t: TestBroker;
  let steps: SettlementSteps;

  beforeEach(async () => {
    bot = generateTestBot();
    fake = await FakeMixin.start(bot);
    fake.state.addAsset(USDT, 'USDT', '1.0002');
    // Four outputs: outputs Mixin calls locked (10105) are set aside, and the retry takes another.
    for (let i = 0; i < 4; i++) fake.state.addOutput(USDT, '25');
    t = await startTestBroker({ adminToken: ADMIN_BEARER, config: mixinConfig(bot, fake, 3) });
    steps = settlementSteps(t);
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
    expect(fake.internalErrors).to.deep.equal([]);
  });

  it('offers what the bot holds on Mixin, synced into the database at start', async () => {
    const range = await assetsRange(t.url, { payee_id: MIXPAY_BOT, wallet: 'mock' });
    expect(range.body.data.find((r) => r.asset_id === USDT)?.max).to.equal('100.00000000');
  });

  it('shows operators the output pool per asset in the wallets view', async () => {
    const res = await fetch(`${t.url}/admin/wallets`, { headers: { authorization: `Bearer ${ADMIN_BEARER}` } });
    const wallets = (await res.json()) as WalletRow[];
    const usdt = wallets.find((w) => w.wallet === 'mock')!.assets.find((a) => a.asset_id === USDT)!;
    expect(usdt.output_pool).to.deep.equal({ free: 4, claimed: 0 });
  });

  it('pays MixPay once with its trace id and memo, and records the hash', async () => {
    const order = await paidOrder(t, 'UE18bWl4aW4=');
    await steps.settle();
    const view = await orderView(t.url, order.traceId);
    expect(view.status).to.equal('settled');
    expect(fake.state.payments).to.have.length(1);
    expect(fake.state.payments[0]).to.deep.include({ requestId: order.traceId, opponentId: MIXPAY_BOT, memo: 'UE18bWl4aW4=' });
    expect(view.transfer?.transaction_hash).to.equal(fake.state.payments[0]!.transactionHash);
  });

  it('retries after Mixin answers 500 and a lock conflict, then pays once', async () => {
    fake.faults.failNext('POST /safe/transactions', 500, { httpStatus: 500 }).failNext('POST /safe/transaction/requests', 10105);
    const order = await paidOrder(t, 'retry me');
    await settleUntilQuiet(steps);
    expect((await orderView(t.url, order.traceId)).status).to.equal('settled');
    expect(fake.state.paymentsTo(MIXPAY_BOT, '2', USDT)).to.equal(1);
  });

  it('a send whose answer was lost is found on retry and not paid twice', async () => {
    fake.faults.loseAnswer('POST /safe/transactions', { mode: 'reset', times: 3 });
    const order = await paidOrder(t, 'lost answer');
    await settleUntilQuiet(steps);
    expect((await orderView(t.url, order.traceId)).status).to.equal('settled');
    expect(fake.state.paymentsTo(MIXPAY_BOT, '2', USDT)).to.equal(1);
  });

  it('gives up after the configured attempts, alerts, and settles once an operator retries', async () => {
    fake.faults.failNext('POST /safe/transaction/requests', 10105, { times: 3 });
    const order = await paidOrder(t, 'give up');
    await settleUntilQuiet(steps);
    const failed = await orderView(t.url, order.traceId);
    expect(failed.status).to.equal('settlement_failed');
    expect(failed.transfer).to.deep.include({ state: 'failed', attempts: 3 });
    expect(t.logs.records().some((r) => String(r.alert).startsWith('settlement-failed:'))).to.equal(true);

    const retry = await fetch(`${t.url}/admin/orders/${order.traceId}/retry-settlement`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_BEARER}` },
    });
    expect(retry.status).to.equal(202);
    await settleUntilQuiet(steps, 3);
    expect((await orderView(t.url, order.traceId)).status).to.equal('settled');
    expect(fake.state.paymentsTo(MIXPAY_BOT, '2', USDT)).to.equal(1);
  });

  it('insufficient balance (20117) is retried until the deadline, with an alert, and settles once money arrives', async () => {
    const order = await paidOrder(t, 'short of money');
    // The money left the bot some other way; the balance sync tells the pool.
    for (const o of fake.state.outputs.values()) o.state = 'spent';
    await t.broker.container.get(SyncBalances).runOnce();
    await settleUntilQuiet(steps, 5);
    const waiting = await orderView(t.url, order.traceId);
    expect(waiting.status, 'not failed: the deadline is ahead').to.equal('settling');
    expect(waiting.transfer).to.deep.include({ state: 'pending' });
    expect(waiting.transfer?.last_error).to.contain('insufficient balance');
    expect(waiting.transfer!.attempts).to.be.greaterThan(3); // past maxAttempts (3): 20117 waits for the deadline instead
    expect(t.logs.records().some((r) => String(r.alert).startsWith(`insufficient-balance:${USDT}`))).to.equal(true);

    fake.state.addOutput(USDT, '10');
    await settleUntilQuiet(steps, 5);
    expect((await orderView(t.url, order.traceId)).status).to.equal('settled');
    expect(fake.state.paymentsTo(MIXPAY_BOT, '2', USDT)).to.equal(1);
  });

  it("MixPay's refund memo arriving on Mixin marks the order and refunds the payer once", async () => {
    const order = await paidOrder(t, 'to be refunded');
    await steps.settle();
    fake.state.addIncoming({ assetId: USDT, amount: '2', opponentId: MIXPAY_BOT, memo: mixpayRefundMemo(order.traceId, '40025') });
    await steps.watchIncoming();
    await steps.watchIncoming();
    await steps.refundPayers();
    const view = await orderView(t.url, order.traceId);
    expect(view.status).to.equal('refunded_by_mixpay');
    expect(view.mixpay_refund_code).to.equal('40025');
    expect(view.refund).to.deep.include({ kind: 'mixpay_refund', state: 'succeeded', amount: '2.02000000', attempts: 1 });
  });
});
