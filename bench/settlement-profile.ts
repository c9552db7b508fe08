/*
 * Where a settlement run's time goes: the one-asset (or two-asset) scenario of bench:settlement,
 * instrumented. Not a figure to quote (the instruments cost a little); the bench is.
 *
 * Prints, for the run:
 *   - Mixin calls by route and per transfer, and their wall time as the broker sees it;
 *   - database round trips by statement kind and per transfer, and their time;
 *   - time spent in the broker's own steps (claim, ghost keys, store, verify, send, …), per call;
 *   - every 250 ms: transfers in flight in the worker, requests verified but not sent and sent
 *     but not confirmed at the fake Mixin, free / claimed outputs of the pool, done transfers;
 *   - CPU of the process and event-loop delay.
 *
 *   BENCH_DATABASE_URL   a scratch database (emptied)
 *   PROFILE_ASSETS       1 (default) or 2
 *   BENCH_ORDERS         orders per asset (default 400)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable } from 'node:stream';
// @ts-expect-error pg ships no types here; only its Client's query is wrapped
import pg from 'pg';
import { sqlConnection } from '../test/support/database.js';
import { FakeMixin, generateTestBot, type TestBot } from '../test/support/fake-mixin/index.js';
import { BTC, mockWallet, testConfig, USDT } from '../test/support/fixtures.js';
import { deliverMockWebhook, mockEventBody } from '../test/support/mock-webhooks.js';
import { placeOrder } from '../test/support/orders.js';
import { startTestBroker, testBrokerEnv } from '../test/support/test-broker.js';
import { startBroker } from '../src/wiring/composition-root.js';
import type { BrokerConfigInput } from '../src/config/broker-config.schema.js';
import { SafeTransfers } from '../src/adapters/treasury/mixin/safe-transfers.js';
import { PgOutputPool } from '../src/adapters/persistence/pg-output-pool.js';
import { PgSettlementQueue } from '../src/adapters/persistence/pg-settlement-queue.js';
import { PoolSync } from '../src/adapters/treasury/mixin/pool-sync.js';
import { PoolUpkeep } from '../src/adapters/treasury/mixin/pool-upkeep.js';
import { SettlePaidOrders } from '../src/application/settlement/settle-paid-orders.use-case.js';
import { MikroOrderRepository } from '../src/adapters/persistence/mikro-order-repository.js';

const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!databaseUrl) throw new Error('set BENCH_DATABASE_URL');
process.env.TEST_DATABASE_URL = databaseUrl;
const ORDERS = Number(process.env.BENCH_ORDERS ?? 400);
const ASSETS = Number(process.env.PROFILE_ASSETS ?? 1);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- instruments ----
const timings = new Map<string, { n: number; ms: number }>();
let active = false;
function record(label: string, ms: number): void {
  if (!active) return;
  const t = timings.get(label) ?? { n: 0, ms: 0 };
  t.n += 1;
  t.ms += ms;
  timings.set(label, t);
}
function wrap(proto: object, name: string, label: string): void {
  const p = proto as Record<string, (...a: unknown[]) => unknown>;
  const original = p[name]!;
  p[name] = function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    const out = original.apply(this, args);
    if (out instanceof Promise) return out.finally(() => record(label, performance.now() - start));
    record(label, performance.now() - start);
    return out;
  };
}
/** Statement kinds: the first words, tables named. */
function kind(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  const m = s.match(/^(select|insert into|update|delete from|begin|commit|rollback|savepoint|release savepoint|with)\s*([a-z_"]*)/);
  if (!m) return s.slice(0, 30);
  if (m[1] === 'select') {
    const from = s.match(/ from ([a-z_"]+)/);
    return `select ${from?.[1] ?? s.slice(7, 30)}`;
  }
  return `${m[1]} ${m[2] ?? ''}`.trim();
}
const queries = new Map<string, { n: number; ms: number }>();
const clientProto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
const originalQuery = clientProto.query;
clientProto.query = function (this: unknown, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '');
  const start = performance.now();
  const note = () => {
    if (!active) return;
    const k = kind(text);
    const q = queries.get(k) ?? { n: 0, ms: 0 };
    q.n += 1;
    q.ms += performance.now() - start;
    queries.set(k, q);
  };
  const cb = args[args.length - 1];
  if (typeof cb === 'function') {
    args[args.length - 1] = (...r: unknown[]) => {
      note();
      return (cb as (...x: unknown[]) => unknown)(...r);
    };
    return originalQuery.apply(this, args);
  }
  const out = originalQuery.apply(this, args);
  if (out instanceof Promise) return out.finally(note);
  return out;
};

wrap(SettlePaidOrders.prototype, 'settle', 'settle (whole transfer)');
wrap(SettlePaidOrders.prototype, 'claim', 'claim due transfers');
wrap(SafeTransfers.prototype, 'send', 'treasury send');
wrap(SafeTransfers.prototype, 'claim', '  claim outputs (incl. waits)');
wrap(SafeTransfers.prototype, 'build', '  build (claim + ghost + store)');
wrap(SafeTransfers.prototype, 'complete', '  complete (verify + sign + send + markSent)');
wrap(SafeTransfers.prototype, 'waitForOutputs', '    waiting for outputs');
wrap(PgOutputPool.prototype, 'find', '  pool.find');
wrap(PgOutputPool.prototype, 'claim', '  pool.claim');
wrap(PgOutputPool.prototype, 'store', '  pool.store');
wrap(PgOutputPool.prototype, 'markSent', '  pool.markSent');
wrap(PgOutputPool.prototype, 'counts', '  pool.counts');
wrap(PgSettlementQueue.prototype, 'renew', 'queue.renew');
wrap(PgSettlementQueue.prototype, 'markDone', 'queue.markDone');
wrap(PgSettlementQueue.prototype, 'claimDue', 'queue.claimDue');
wrap(MikroOrderRepository.prototype, 'findByTraceId', 'orders.findByTraceId');
wrap(MikroOrderRepository.prototype, 'save', 'orders.save');
wrap(PoolSync.prototype, 'list', 'pool sync listing');
wrap(PoolUpkeep.prototype, 'ensure', 'upkeep.ensure');
wrap(PoolUpkeep.prototype, 'tend', 'upkeep.tend');

interface AssetPlan {
  readonly assetId: string;
  readonly amount: string;
  readonly pay: string;
  readonly currency: string;
  readonly outputs: readonly string[];
}
const PLANS: AssetPlan[] = [
  { assetId: USDT, amount: '1.5', pay: '1.515', currency: 'USDT', outputs: ['6000', '4000'] },
  { assetId: BTC, amount: '0.0001', pay: '0.0001005', currency: 'BTC', outputs: ['0.3', '0.2'] },
].slice(0, ASSETS);

function mixinConfig(bot: TestBot, fake: FakeMixin): BrokerConfigInput {
  return {
    ...testConfig({ wallets: { mock: mockWallet() } }),
    treasury: { mixin: { keystore: { ...bot.keystore }, baseUrl: fake.url, timeoutMs: 5_000 } },
    settlement: { baseDelayMs: 200, maxDelayMs: 2_000, maxAttempts: 50 },
    mixpay: { maxOpenOrdersPerPayee: 10_000 },
    workers: { settleEveryMs: 1_000, refundEveryMs: 60_000, incomingEveryMs: 60_000, reconcileEveryMs: 60_000, balanceSyncEveryMs: 10_000 },
  };
}

async function main(): Promise<void> {
  const bot = generateTestBot();
  const fake = await FakeMixin.start(bot);
  fake.state.addAsset(USDT, 'USDT', '1');
  fake.state.addAsset(BTC, 'BTC', '90000');
  for (const p of PLANS) for (const a of p.outputs) fake.state.addOutput(p.assetId, a);
  fake.faults.latencyMs = 100;
  fake.state.confirmDelayMs = 1000;
  const callTimes: Array<{ t: number; route: string }> = [];
  const push = fake.calls.push.bind(fake.calls);
  fake.calls.push = (...items) => {
    for (const route of items) if (active) callTimes.push({ t: performance.now(), route });
    return push(...items);
  };

  const seeder = await startTestBroker({
    config: { ...testConfig({ usdtBalance: '1000000' }), mixpay: { maxOpenOrdersPerPayee: 10_000 } },
  });
  const jobs = PLANS.flatMap((p) =>
    Array.from({ length: ORDERS }, (_, i) => async () => {
      const order = await placeOrder(seeder.url, { amount: p.amount, asset_id: p.assetId, memo: `bench ${i}` });
      const body = mockEventBody({
        type: 'payment.succeeded',
        tradeNo: order.tradeNo,
        paymentId: order.paymentId,
        amount: p.pay,
        currency: p.currency,
      });
      await deliverMockWebhook(seeder.url, 'mock', body);
    }),
  );
  for (let i = 0; i < jobs.length; i += 20) await Promise.all(jobs.slice(i, i + 20).map((j) => j()));
  await seeder.close();
  const total = jobs.length;

  const sql = await sqlConnection(databaseUrl);
  const env = await testBrokerEnv(databaseUrl!);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  active = true;
  const started = performance.now();
  const discard = new Writable({ write: (_c, _e, done) => done() });
  const broker = await startBroker({
    env: { ...env, logLevel: 'info' },
    processEnv: {},
    config: mixinConfig(bot, fake),
    logDestination: discard,
    workers: true,
  });
  const settle = broker.container.get(SettlePaidOrders) as unknown as { running: Set<unknown> };
  const samples: string[] = [];
  let done: number;
  for (;;) {
    const [r] = await sql.execute<{ done: string; free: string; claimed: string }[]>(
      `select (select count(*) from transfers where state = 'done')::text as done,
              (select count(*) from mixin_outputs where state = 'unspent')::text as free,
              (select count(*) from mixin_outputs where state = 'claimed')::text as claimed`,
    );
    done = Number(r!.done);
    const reqs = [...fake.state.requests.values()];
    const verified = reqs.filter((q) => q.state === 'unspent').length;
    const sent = reqs.filter((q) => q.state === 'signed').length;
    const t = ((performance.now() - started) / 1000).toFixed(2);
    samples.push(
      `${t.padStart(6)}s  worker in flight ${String(settle.running.size).padStart(3)}  verified-unsent ${String(verified).padStart(3)}` +
        `  sent-unconfirmed ${String(sent).padStart(3)}  pool free ${r!.free.padStart(3)} claimed ${r!.claimed.padStart(3)}  done ${done}`,
    );
    if (done >= total) break;
    await sleep(250);
  }
  const seconds = (performance.now() - started) / 1000;
  active = false;
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  await broker.close();
  await sql.close();
  await fake.close();

  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`${total} transfers in ${seconds.toFixed(2)} s = ${(total / seconds).toFixed(2)}/s`);
  out(
    `CPU of this process (broker + fake Mixin): user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s` +
      ` = ${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)} % of one core`,
  );
  out(
    `event-loop delay p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
  );
  out('\nMixin calls (per transfer):');
  const byRoute = new Map<string, number>();
  for (const c of callTimes) byRoute.set(c.route, (byRoute.get(c.route) ?? 0) + 1);
  for (const [route, n] of [...byRoute].sort((a, b) => b[1] - a[1]))
    out(`  ${route.padEnd(34)} ${String(n).padStart(6)}  ${(n / total).toFixed(2)}`);
  out(`  ${'all'.padEnd(34)} ${String(callTimes.length).padStart(6)}  ${(callTimes.length / total).toFixed(2)}`);
  out('\nDatabase round trips (per transfer, mean ms):');
  let allQ = 0;
  for (const [k, q] of [...queries].sort((a, b) => b[1].n - a[1].n)) {
    allQ += q.n;
    out(`  ${k.padEnd(34)} ${String(q.n).padStart(6)}  ${(q.n / total).toFixed(2).padStart(6)}  ${(q.ms / q.n).toFixed(1).padStart(6)} ms`);
  }
  out(`  ${'all'.padEnd(34)} ${String(allQ).padStart(6)}  ${(allQ / total).toFixed(2).padStart(6)}`);
  out('\nBroker steps (calls, mean ms):');
  for (const [k, v] of timings) out(`  ${k.padEnd(46)} ${String(v.n).padStart(6)}  ${(v.ms / v.n).toFixed(1).padStart(7)} ms`);
  out('\nOver time:');
  for (const s of samples) out(s);
}

await main();
process.exit(0);
