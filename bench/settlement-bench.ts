/*
 * Settlement benchmark: transfers per second to MixPay, and the time from a payment's webhook to
 * its broadcast, against the fake Mixin made as slow as the real network: every call pays
 * BENCH_MIXIN_LATENCY_MS (100) and a sent transaction's change is spendable only after
 * BENCH_CONFIRM_MS (1000), when the "kernel" confirms it.
 *
 * Scenarios, each on an emptied database and a fresh fake Mixin:
 *   serial      one asset, one transfer in flight and no pool (inFlightPerAsset 1, poolOutputs 1):
 *               how the broker settled before the output pool, measured in the same run;
 *   one-asset   USDT whose balance starts in two outputs, default settings (the pool is split first);
 *   two-assets  USDT and BTC, each starting in two outputs, default settings;
 *   latency     default settings at low load: one webhook every 300 ms, webhook → broadcast.
 *
 * Paid orders are seeded through the broker's own HTTP API and the mock wallet's signed webhooks
 * on a sandbox broker without workers; then a broker on the Mixin treasury starts on the same
 * database and the clock runs from its start until every transfer row is `done`, so the time
 * includes its first balance sync and the split of the pool.
 *
 *   BENCH_DATABASE_URL (or TEST_DATABASE_URL)  a scratch PostgreSQL database: it is emptied
 *   BENCH_ORDERS                               orders per parallel scenario (default 400)
 *
 * Results: the table below, and bench/results/settlement-latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sqlConnection } from '../test/support/database.js';
import { FakeMixin, generateTestBot, type TestBot } from '../test/support/fake-mixin/index.js';
import { BTC, mockWallet, testConfig, USDT } from '../test/support/fixtures.js';
import { deliverMockWebhook, mockEventBody } from '../test/support/mock-webhooks.js';
import { placeOrder, type PlacedOrder } from '../test/support/orders.js';
import { Writable } from 'node:stream';
import { emptyTestDatabase } from '../test/support/database.js';
import { startTestBroker, testBrokerEnv } from '../test/support/test-broker.js';
import { startBroker, type Broker } from '../src/wiring/composition-root.js';
import type { BrokerConfigInput } from '../src/config/broker-config.schema.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!databaseUrl) throw new Error('set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a scratch PostgreSQL database');
process.env.TEST_DATABASE_URL = databaseUrl; // the test broker helpers read it
const ORDERS = Number(process.env.BENCH_ORDERS ?? 400);
const LATENCY_MS = Number(process.env.BENCH_MIXIN_LATENCY_MS ?? 100);
const CONFIRM_MS = Number(process.env.BENCH_CONFIRM_MS ?? 1000);

interface AssetPlan {
  readonly assetId: string;
  readonly amount: string;
  readonly pay: string;
  readonly currency: string;
  readonly outputs: [string, string];
}
const USDT_PLAN: AssetPlan = { assetId: USDT, amount: '1.5', pay: '1.515', currency: 'USDT', outputs: ['6000', '4000'] };
const BTC_PLAN: AssetPlan = { assetId: BTC, amount: '0.0001', pay: '0.0001005', currency: 'BTC', outputs: ['0.3', '0.2'] };

interface Result {
  readonly scenario: string;
  readonly orders: number;
  readonly seconds: number;
  readonly transfersPerSecond: number;
  readonly mixinCalls: number;
  readonly splits: number;
  readonly maxOpenPerAsset: number;
  readonly p50Ms?: number;
  readonly p90Ms?: number;
}

async function startFake(plans: readonly AssetPlan[]): Promise<{ bot: TestBot; fake: FakeMixin }> {
  const bot = generateTestBot();
  const fake = await FakeMixin.start(bot);
  fake.state.addAsset(USDT, 'USDT', '1');
  fake.state.addAsset(BTC, 'BTC', '90000');
  for (const p of plans) for (const amount of p.outputs) fake.state.addOutput(p.assetId, amount);
  fake.faults.latencyMs = LATENCY_MS;
  fake.state.confirmDelayMs = CONFIRM_MS;
  return { bot, fake };
}

function mixinConfig(bot: TestBot, fake: FakeMixin, settlement: Record<string, number> = {}, poolOutputs?: number): BrokerConfigInput {
  return {
    ...testConfig({ wallets: { mock: mockWallet() } }),
    treasury: { mixin: { keystore: { ...bot.keystore }, baseUrl: fake.url, timeoutMs: 5_000, ...(poolOutputs ? { poolOutputs } : {}) } },
    settlement: { baseDelayMs: 200, maxDelayMs: 2_000, maxAttempts: 50, ...settlement },
    mixpay: { maxOpenOrdersPerPayee: 10_000 },
    workers: { settleEveryMs: 1_000, refundEveryMs: 60_000, incomingEveryMs: 60_000, reconcileEveryMs: 60_000, balanceSyncEveryMs: 10_000 },
  };
}

/** The broker as it runs in production: workers on, info-level logs (here thrown away), not a test's debug capture. */
async function productionLikeBroker(config: BrokerConfigInput, o: { empty: boolean }): Promise<Broker> {
  if (o.empty) await emptyTestDatabase(databaseUrl!);
  const env = await testBrokerEnv(databaseUrl!);
  const discard = new Writable({ write: (_c, _e, done) => done() });
  return startBroker({ env: { ...env, logLevel: 'info' }, processEnv: {}, config, logDestination: discard, workers: true });
}

async function pay(t: { url: string }, plan: AssetPlan, i: number): Promise<PlacedOrder> {
  const order = await placeOrder(t.url, { amount: plan.amount, asset_id: plan.assetId, memo: `bench ${i}` });
  await webhook(t, order, plan);
  return order;
}

async function webhook(t: { url: string }, order: PlacedOrder, plan: AssetPlan): Promise<void> {
  const body = mockEventBody({
    type: 'payment.succeeded',
    tradeNo: order.tradeNo,
    paymentId: order.paymentId,
    amount: plan.pay,
    currency: plan.currency,
  });
  const ack = await deliverMockWebhook(t.url, 'mock', body);
  if (ack.status !== 200) throw new Error(`webhook answered ${ack.status}`);
}

/** Paid orders, seeded on a sandbox broker with no workers (20 at a time). */
async function seed(plans: readonly AssetPlan[], perAsset: number): Promise<void> {
  const t = await startTestBroker({
    config: { ...testConfig({ usdtBalance: '1000000' }), mixpay: { maxOpenOrdersPerPayee: 10_000 } },
  });
  try {
    const jobs = plans.flatMap((p) => Array.from({ length: perAsset }, (_, i) => () => pay(t, p, i)));
    for (let i = 0; i < jobs.length; i += 20) await Promise.all(jobs.slice(i, i + 20).map((j) => j()));
  } finally {
    await t.close();
  }
}

async function doneCount(): Promise<number> {
  const sql = await sqlConnection(databaseUrl);
  try {
    const [r] = await sql.execute<{ n: string }[]>(`select count(*)::text as n from transfers where state = 'done'`);
    return Number(r!.n);
  } finally {
    await sql.close();
  }
}

async function throughput(scenario: string, plans: readonly AssetPlan[], perAsset: number, serial: boolean): Promise<Result> {
  const { bot, fake } = await startFake(plans);
  try {
    await seed(plans, perAsset);
    const total = plans.length * perAsset;
    const callsBefore = fake.calls.length;
    const started = performance.now();
    const config = serial ? mixinConfig(bot, fake, { inFlightPerAsset: 1 }, 1) : mixinConfig(bot, fake);
    const t = await productionLikeBroker(config, { empty: false });
    try {
      for (;;) {
        if ((await doneCount()) >= total) break;
        if (performance.now() - started > 600_000) throw new Error(`${scenario}: not done after 10 minutes`);
        await sleep(100);
      }
    } finally {
      await t.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const bot2 = fake.state.botId;
    const paid = fake.state.payments.length;
    if (paid !== total) throw new Error(`${scenario}: ${paid} payments for ${total} orders`);
    return {
      scenario,
      orders: total,
      seconds,
      transfersPerSecond: total / seconds,
      mixinCalls: fake.calls.length - callsBefore,
      splits: fake.state.sentRequests().filter((r) => r.outputs.length > 1 && r.outputs.every((o) => o.receivers[0] === bot2)).length,
      maxOpenPerAsset: Math.max(...[...fake.state.openHighWater.values()]),
    };
  } finally {
    await fake.close();
  }
}

/** Webhook → broadcast at low load: a broker with its workers running and its pool split, one payment every 300 ms. */
async function latency(count: number): Promise<Result> {
  const { bot, fake } = await startFake([USDT_PLAN]);
  const t = await productionLikeBroker(mixinConfig(bot, fake), { empty: true });
  try {
    await sleep(3 * CONFIRM_MS); // the start-up sync has split the pool and the pieces are confirmed
    const waits: number[] = [];
    for (let i = 0; i < count; i++) {
      const order = await placeOrder(t.url, { amount: USDT_PLAN.amount, asset_id: USDT, memo: `latency ${i}` });
      const at = Date.now();
      await webhook(t, order, USDT_PLAN);
      for (let n = 0; !fake.state.sentAt.has(order.traceId); n++) {
        if (n > 200) throw new Error('latency: a transfer was not broadcast within 10 s');
        await sleep(5);
      }
      waits.push(fake.state.sentAt.get(order.traceId)! - at);
      await sleep(300);
    }
    waits.sort((a, b) => a - b);
    return {
      scenario: 'latency',
      orders: count,
      seconds: 0,
      transfersPerSecond: 0,
      mixinCalls: fake.calls.length,
      splits: 0,
      maxOpenPerAsset: Math.max(...[...fake.state.openHighWater.values()]),
      p50Ms: waits[Math.floor(waits.length * 0.5)]!,
      p90Ms: waits[Math.floor(waits.length * 0.9)]!,
    };
  } finally {
    await t.close();
    await fake.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const results: Result[] = [];
  const log = (r: Result) => {
    results.push(r);
    process.stdout.write(`${JSON.stringify(r)}\n`);
  };
  log(await throughput('serial', [USDT_PLAN], 20, true));
  log(await throughput('one-asset', [USDT_PLAN], ORDERS, false));
  log(await throughput('two-assets', [USDT_PLAN, BTC_PLAN], ORDERS, false));
  log(await latency(20));

  const serial = results[0]!.transfersPerSecond;
  process.stdout.write(`\nMixin latency ${LATENCY_MS} ms per call, confirmation ${CONFIRM_MS} ms\n`);
  process.stdout.write('scenario     orders  seconds  transfers/s  × serial  Mixin calls  splits  max open/asset  p50 ms  p90 ms\n');
  for (const r of results) {
    const cols = [
      r.scenario.padEnd(11),
      String(r.orders).padStart(6),
      r.seconds.toFixed(1).padStart(8),
      r.transfersPerSecond.toFixed(2).padStart(11),
      (r.transfersPerSecond ? (r.transfersPerSecond / serial).toFixed(1) : '').padStart(8),
      String(r.mixinCalls).padStart(11),
      String(r.splits).padStart(6),
      String(r.maxOpenPerAsset).padStart(14),
      String(r.p50Ms ?? '').padStart(6),
      String(r.p90Ms ?? '').padStart(6),
    ];
    process.stdout.write(`${cols.join('  ')}\n`);
  }
  await mkdir(`${ROOT}bench/results`, { recursive: true });
  const report = { latencyMs: LATENCY_MS, confirmMs: CONFIRM_MS, results };
  await writeFile(`${ROOT}bench/results/settlement-latest.json`, JSON.stringify(report, null, 2));
}

await main();
process.exit(0);
