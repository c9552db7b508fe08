import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { onRealPostgres, testDatabaseUrl } from '../support/database.js';
import { FakeMixin, generateTestBot, type TestBot } from '../support/fake-mixin/index.js';
import { MIXPAY_BOT, USDT, mockWallet, testConfig } from '../support/fixtures.js';
import { deliverMockWebhook, mockEventBody } from '../support/mock-webhooks.js';
import { placeOrder } from '../support/orders.js';
import { startTestBroker } from '../support/test-broker.js';
import { settlementCounts } from './crash-db.js';

const ORDERS = 200;
const AMOUNT = '1.5';
const DEADLINE_MS = 240_000;

/*
 * The broker's promise: every order paid in time is transferred to MixPay exactly once, even if the
 * process is killed at any line. 200 paid orders are settled by real broker processes (`npm start`'s
 * entry point) talking to a fake Mixin over HTTP; two run at once, and each is SIGKILLed at a random
 * moment and started again until nothing is left. Then the fake must have received exactly one
 * payment per order. Killing processes mid-transaction needs a real PostgreSQL server.
 */
(onRealPostgres ? describe : describe.skip)('settlement survives SIGKILL at random moments (real PostgreSQL only)', function () {
  this.timeout(DEADLINE_MS + 120_000);
  this.slow(120_000); // the slowest spec by design: real processes, killed and restarted until 200 orders are paid
  let fake: FakeMixin;
  let bot: TestBot;
  const traceIds: string[] = [];
  const children = new Set<ChildProcess>();
  let kills = 0;
  let starts = 0;

  before(async () => {
    bot = generateTestBot();
    fake = await FakeMixin.start(bot);
    fake.state.addAsset(USDT, 'USDT', '1');
    // Two outputs: the pool has to be split before transfers can run in parallel, and kills land
    // in the middle of splits too.
    fake.state.addOutput(USDT, '200');
    fake.state.addOutput(USDT, '150');
    // Slow Mixin down a little, so kills land in the middle of transfers, not between them; change
    // comes back only once the "kernel" confirms.
    fake.faults.latencyMs = 15;
    fake.state.confirmDelayMs = 150;
    await seedPaidOrders();
  });

  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await fake.close();
  });

  /** Creates the orders and pays them (verified webhooks) on a broker that runs no workers. */
  async function seedPaidOrders(): Promise<void> {
    // All 200 stay open (reserved) until settled, past the default of 100 open orders per payee.
    const t = await startTestBroker({ config: { ...testConfig({ usdtBalance: '100000' }), mixpay: { maxOpenOrdersPerPayee: ORDERS } } });
    try {
      for (let i = 0; i < ORDERS; i++) {
        const order = await placeOrder(t.url, { amount: AMOUNT, memo: `crash-test order ${i}` });
        traceIds.push(order.traceId);
        const body = mockEventBody({
          type: 'payment.succeeded',
          tradeNo: order.tradeNo,
          paymentId: order.paymentId,
          amount: '1.515',
          currency: 'USDT',
        });
        const ack = await deliverMockWebhook(t.url, 'mock', body);
        if (ack.status !== 200) throw new Error(`webhook answered ${ack.status}`);
      }
    } finally {
      await t.close();
    }
  }

  async function writeChildConfig(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'broker-crash-'));
    const config = {
      ...testConfig({ wallets: { mock: mockWallet() } }),
      treasury: {
        mixin: {
          keystore: {
            app_id: { env: 'MIXIN_APP_ID' },
            session_id: { env: 'MIXIN_SESSION_ID' },
            server_public_key: { env: 'MIXIN_SERVER_PUBLIC_KEY' },
            session_private_key: { env: 'MIXIN_SESSION_PRIVATE_KEY' },
            spend_private_key: { env: 'MIXIN_SPEND_PRIVATE_KEY' },
          },
          baseUrl: fake.url,
          timeoutMs: 2_000,
        },
      },
      settlement: { leaseMs: 3_000, baseDelayMs: 50, maxDelayMs: 500, maxAttempts: 100 },
      workers: { settleEveryMs: 20, refundEveryMs: 60_000, incomingEveryMs: 60_000, reconcileEveryMs: 60_000, balanceSyncEveryMs: 60_000 },
    };
    const file = join(dir, 'broker.json');
    await writeFile(file, JSON.stringify(config));
    return file;
  }

  function startChild(configFile: string, databaseUrl: string): ChildProcess {
    const k = bot.keystore;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        BROKER_CONFIG: configFile,
        LOG_LEVEL: 'error',
        MIXIN_APP_ID: k.app_id,
        MIXIN_SESSION_ID: k.session_id,
        MIXIN_SERVER_PUBLIC_KEY: k.server_public_key,
        MIXIN_SESSION_PRIVATE_KEY: k.session_private_key,
        MIXIN_SPEND_PRIVATE_KEY: k.spend_private_key,
      },
      stdio: 'ignore',
    });
    starts += 1;
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  }

  it('transfers every paid order exactly once, whatever line a process dies on', async () => {
    const databaseUrl = await testDatabaseUrl();
    const configFile = await writeChildConfig();
    const deadline = Date.now() + DEADLINE_MS;
    const running = [startChild(configFile, databaseUrl), startChild(configFile, databaseUrl)];
    let counts = await settlementCounts(databaseUrl);
    while (counts.done < ORDERS && Date.now() < deadline) {
      await sleep(800 + Math.random() * 2_200);
      const victim = Math.floor(Math.random() * running.length);
      running[victim]!.kill('SIGKILL');
      kills += 1;
      running[victim] = startChild(configFile, databaseUrl);
      counts = await settlementCounts(databaseUrl);
    }
    // Let the survivors finish what the last kill interrupted, then stop them.
    while (counts.done < ORDERS && Date.now() < deadline + 60_000) {
      await sleep(500);
      counts = await settlementCounts(databaseUrl);
    }
    for (const c of running) c.kill('SIGKILL');
    process.stdout.write(`      (${ORDERS} orders settled by ${starts} broker starts, ${kills} SIGKILLs)\n`);

    expect(kills, 'processes were killed').to.be.greaterThan(5);
    expect(counts, `after ${starts} starts and ${kills} kills`).to.deep.include({ done: ORDERS, settled: ORDERS });
    const byRequest = new Map<string, number>();
    for (const p of fake.state.payments) byRequest.set(p.requestId, (byRequest.get(p.requestId) ?? 0) + 1);
    expect(
      [...byRequest.values()].filter((n) => n !== 1),
      'requests paid more than once',
    ).to.deep.equal([]);
    expect([...byRequest.keys()].sort()).to.deep.equal([...traceIds].sort());
    expect(fake.state.paymentsTo(MIXPAY_BOT, AMOUNT, USDT)).to.equal(ORDERS);
    expect(fake.state.outputsSpentTwice()).to.deep.equal([]);
    const bot = fake.state.botId;
    const splits = fake.state.sentRequests().filter((r) => r.outputs.length > 1 && r.outputs.every((o) => o.receivers[0] === bot));
    process.stdout.write(`      (${splits.length} pool splits, up to ${fake.state.openHighWater.get(USDT)} transfers open at once)\n`);
    expect(splits.length, 'the pool was split').to.be.at.least(1);
    expect(fake.state.openHighWater.get(USDT), 'transfers ran in parallel').to.be.greaterThan(1);
    await new Promise((r) => setTimeout(r, 300)); // the last confirmations
    expect(fake.state.unspentSum(USDT), 'every output accounted for').to.equal(String(350 - ORDERS * Number(AMOUNT)));
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
