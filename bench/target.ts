/*
 * The servers under test for bench/http-bench.ts, in a process of their own so the load generator
 * does not share their event loop. Started by the bench with `fork`; never run by hand.
 *
 *  - the broker (startBroker, mock wallet, sandbox treasury with large balances, LOG_LEVEL=info or
 *    BENCH_LOG_LEVEL), with BENCH_ORDERS finished orders of other payees stored first (one bulk INSERT),
 *    on BENCH_DATABASE_URL / DATABASE_URL, else the embedded PGlite: on disk under BENCH_DATA_DIR
 *    when that is set (as `npm start` runs it), in memory otherwise;
 *  - a bare Koa app answering a fixed JSON body (a copy of the broker's assets/range answer);
 *  - a minimal Koa app doing one INSERT into a scratch table `bench_rows` through the broker's own
 *    MikroORM connection (same driver, same pool, same database) per POST;
 *  - on request, a raw INSERT loop with no HTTP at all.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import type { DestinationStream } from 'pino';
import { startBroker, type Broker } from '../src/wiring/composition-root.js';
import type { BrokerConfigInput } from '../src/config/broker-config.schema.js';
import { readEnv } from '../src/config/env.js';
import { BTC, mockWallet, PAYEE, USDT } from '../test/support/fixtures.js';
import { quantile, type FromTarget, type LogSummary, type RawInsertRequest, type RawInsertResult, type ToTarget } from './protocol.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** So create_order never runs out: 10 USDT an order, ten million orders. */
const BALANCE = '100000000';

function send(message: FromTarget): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

const WARN_OR_WORSE = /"level":(?:"(?:warn|error|fatal)"|[456]0)/;

/** Counts the broker's warn/error lines and keeps the first few distinct messages. */
class LogTally implements DestinationStream {
  private readonly summary = { warn: 0, error: 0, samples: [] as string[] };

  write(line: string): void {
    // Most lines are info (access lines): skip them without parsing, so counting costs the broker little.
    if (!WARN_OR_WORSE.test(line)) return;
    let entry: { level?: number | string; msg?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return;
    }
    // The broker writes level labels; pino's default is numbers.
    const level = typeof entry.level === 'number' ? entry.level : (LEVELS[entry.level ?? ''] ?? 0);
    if (level >= 50) this.summary.error += 1;
    else if (level >= 40) this.summary.warn += 1;
    else return;
    const text = `${level >= 50 ? 'error' : 'warn'}: ${entry.msg ?? ''}${entry.err?.message ? ` (${entry.err.message})` : ''}`;
    if (this.summary.samples.length < 8 && !this.summary.samples.includes(text)) this.summary.samples.push(text);
  }

  result(): LogSummary {
    return { ...this.summary, samples: [...this.summary.samples] };
  }
}

function benchConfig(): BrokerConfigInput {
  return {
    wallets: { mock: mockWallet() },
    // The per-payee bound as shipped (100): bench orders stay open, spread over BENCH_PAYEES payees.
    treasury: {
      sandbox: {
        assets: {
          [USDT]: { symbol: 'USDT', balance: BALANCE, usd_price: '1.0002' },
          [BTC]: { symbol: 'BTC', balance: BALANCE, usd_price: '91234.56' },
        },
      },
    },
  };
}

async function freePort(): Promise<number> {
  const { createServer: createNetServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function listen(app: Koa): Promise<{ server: Server; url: string }> {
  const server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function readBody(req: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '';
  const dataDir = process.env.BENCH_DATA_DIR || '';
  const port = await freePort();
  const logs = new LogTally();
  const env = readEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Info as shipped (an access line per request); BENCH_LOG_LEVEL=warn shows what logging costs.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
    PLUGINS_DIR: `${ROOT}plugins`,
    DATA_DIR: dataDir || `${ROOT}data`,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });

  let broker: Broker | null = null;
  const servers: Server[] = [];
  let stopping: Promise<void> | null = null;
  let inserted = 0;
  let finished = false;

  let rssBytes = 0;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      rssBytes = process.memoryUsage().rss; // after the run, before anything is closed
      for (const s of servers) await closeServer(s).catch(() => undefined);
      if (broker) {
        await broker.db.orm.em
          .getConnection()
          .execute('drop table if exists bench_rows', [], 'run')
          .catch(() => undefined);
        await broker.close();
      }
    })());

  process.on('disconnect', () => {
    // Normally after 'stopped'; otherwise the bench went away (crashed or was killed): clean up and leave.
    void stop().finally(() => process.exit(finished ? 0 : 1));
  });

  try {
    broker = await startBroker({
      env,
      processEnv: {},
      config: benchConfig(),
      logDestination: logs,
      ephemeralEmbeddedDb: !dataDir,
    });
    const connection = broker.db.orm.em.getConnection();
    await connection.execute('drop table if exists bench_rows', [], 'run');
    await connection.execute(
      'create table bench_rows (id bigserial primary key, trace_id uuid not null, created_at timestamptz not null)',
      [],
      'run',
    );
    await seedOrders(connection, Number(process.env.BENCH_ORDERS || '0'));
    const insertRow = (traceId: string) =>
      connection.execute('insert into bench_rows (trace_id, created_at) values (?, ?)', [traceId, new Date()], 'run');

    // The baseline's fixed body is the broker's own range answer, so both send the same bytes.
    const rangeAnswer = await fetch(`${broker.url}/mixpay/assets/range?payee_id=${PAYEE}&wallet=mock`);
    const fixedBody = (await rangeAnswer.json()) as { code: number; data: unknown[] };
    if (fixedBody.code !== 0 || fixedBody.data.length === 0) {
      throw new Error(`the broker's assets/range answer is not a usable range list: ${JSON.stringify(fixedBody)}`);
    }

    const bare = new Koa();
    bare.use((ctx) => {
      ctx.body = fixedBody;
    });
    const fixedJson = await listen(bare);
    servers.push(fixedJson.server);

    const insertApp = new Koa();
    insertApp.use(async (ctx) => {
      const body = JSON.parse(await readBody(ctx.req)) as { trace_id?: unknown };
      if (typeof body.trace_id !== 'string') {
        ctx.status = 400;
        ctx.body = { code: 10001, success: false, message: 'trace_id missing', data: [] };
        return;
      }
      await insertRow(body.trace_id);
      inserted += 1;
      ctx.body = { code: 0, success: true, message: '', data: [] };
    });
    const insert = await listen(insertApp);
    servers.push(insert.server);

    const pool = broker.db.orm.config.get('pool') as { max?: number } | undefined;
    await send({
      type: 'ready',
      brokerUrl: broker.url,
      fixedJsonUrl: fixedJson.url,
      insertUrl: insert.url,
      database: !broker.db.embedded
        ? redact(databaseUrl)
        : dataDir
          ? `embedded PGlite on disk (${dataDir})`
          : 'embedded PGlite (in memory)',
      embedded: broker.db.embedded,
      poolMax: pool?.max ?? 0,
      fixedBodyBytes: Buffer.byteLength(JSON.stringify(fixedBody)),
    });

    process.on('message', (message: ToTarget) => {
      if (message.type === 'raw-insert') {
        void rawInsert(message, async (id) => {
          await insertRow(id);
          inserted += 1;
        }).then(send);
      } else if (message.type === 'seed') {
        const started = performance.now();
        void seedOrders(connection, message.orders)
          .then(() => connection.execute<{ n: string }[]>('select count(*)::text as n from orders', [], 'all'))
          .then((rows) => send({ type: 'seeded', orders: Number(rows[0]?.n ?? 0), seconds: (performance.now() - started) / 1000 }))
          .catch((e: unknown) => send({ type: 'failed', error: e instanceof Error ? e.message : String(e) }));
      } else if (message.type === 'cpu') {
        void postgresBackends(broker!).then((postgresPids) => {
          const { user, system } = process.cpuUsage();
          return send({ type: 'cpu-result', micros: user + system, postgresPids });
        });
      } else if (message.type === 'stop') {
        void stop().then(async () => {
          finished = true;
          await send({ type: 'stopped', brokerLog: logs.result(), benchRowsInserted: inserted, rssBytes });
          process.disconnect();
        });
      }
    });
  } catch (e) {
    await stop().catch(() => undefined);
    await send({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.disconnect();
  }
}

/**
 * Tops the orders table up to `n` rows with finished orders (settled or expired, reservation closed)
 * of random payees, in one INSERT … generate_series per 100 k rows, so latency can be compared at 10 k and 1 M.
 */
async function seedOrders(connection: ReturnType<Broker['db']['orm']['em']['getConnection']>, n: number): Promise<void> {
  if (n <= 0) return;
  const rows = await connection.execute<{ n: string }[]>('select count(*)::text as n from orders', [], 'all');
  let missing = n - Number(rows[0]?.n ?? 0);
  const started = performance.now();
  const chunk = 100_000;
  while (missing > 0) {
    const k = Math.min(chunk, missing);
    await connection.execute(
      `with o as (
         insert into orders (trace_id, payee_id, wallet, asset_id, amount, fee, currency, memo, expired_at, return_url,
                             opponent_id, status, payment_id, provider_data, created_at, updated_at, version)
         select gen_random_uuid(), gen_random_uuid(), 'mock', ?::uuid, 10, 0, 'USDT', '', now() - interval '1 day' * random(), '',
                gen_random_uuid(), case when i % 3 = 0 then 'expired' else 'settled' end, md5(i::text || random()::text), '{}',
                now() - interval '30 days' * random(), now(), 1
           from generate_series(1, ?) as i
         returning trace_id, asset_id, status, created_at)
       insert into reservations (order_ref, asset_id, amount, state, payee_id, created_at, updated_at)
       select trace_id, asset_id, 10, case when status = 'expired' then 'released' else 'consumed' end, null, created_at, created_at
         from o`,
      [USDT, k],
      'run',
    );
    missing -= k;
  }
  // A table that grew to a million orders over months has been vacuumed and checkpointed along the
  // way; one bulk-inserted a moment ago has not: its first readers and writers would pay for setting
  // hint bits, the visibility map and the GIN pending list, and the checkpoint of it all would run
  // during the measurement. So the steady state is measured, not the aftermath of the seeding.
  for (const table of ['orders', 'reservations']) await connection.execute(`vacuum (analyze) ${table}`, [], 'run');
  await connection.execute('checkpoint', [], 'run').catch((e: unknown) => {
    console.log(`no checkpoint after seeding (${e instanceof Error ? e.message : String(e)}); the first figures may carry it`);
  });
  console.log(`seeded the orders table up to ${n} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The server processes of this database's connections: whose CPU the bench counts as PostgreSQL's. */
async function postgresBackends(broker: Broker): Promise<number[]> {
  if (broker.db.embedded) return [];
  const rows = await broker.db.orm.em
    .getConnection()
    .execute<{ pid: number }[]>('select pid from pg_stat_activity where datname = current_database()', [], 'all');
  return rows.map((r) => Number(r.pid));
}

/** `concurrency` loops each doing INSERT after INSERT for `seconds`, after a 1 s warm-up. */
async function rawInsert(request: RawInsertRequest, insertRow: (traceId: string) => Promise<unknown>): Promise<RawInsertResult> {
  const run = async (seconds: number) => {
    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const loop = async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await insertRow(randomUUID());
          latencies.push(performance.now() - t0);
        } catch (e) {
          errors += 1;
          firstError ??= e instanceof Error ? e.message : String(e);
        }
      }
    };
    await Promise.all(Array.from({ length: request.concurrency }, loop));
    return { latencies, errors, firstError, seconds: (performance.now() - started) / 1000 };
  };
  await run(1);
  const r = await run(request.seconds);
  const sorted = Float64Array.from(r.latencies).sort();
  return {
    type: 'raw-insert-result',
    count: sorted.length,
    errors: r.errors,
    seconds: r.seconds,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    firstError: r.firstError,
  };
}

void main();
