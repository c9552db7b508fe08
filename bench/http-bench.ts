/*
 * HTTP benchmark of the broker's two MixPay calls, each beside a baseline that does the least
 * work the same kind of request can do, so the ratio says what the broker itself costs.
 *
 *   1. GET /mixpay/assets/range (broker: validation, wallet registry, one balance SELECT)
 *      vs a bare Koa app (same koa, no middleware) answering the same JSON bytes.
 *   2. POST /mixpay/create_order (broker: body parsing, validation, order + reservation in one
 *      transaction, the mock wallet's checkout rows, the checkout attached in a second transaction),
 *      one fresh trace_id per request, vs a minimal Koa app that reads the same JSON body and does
 *      ONE plain INSERT into a scratch table through the broker's own MikroORM connection (same
 *      driver, same pool, same database). A raw INSERT loop without HTTP is shown too, for scale.
 *
 * Reading the ratios (broker / baseline):
 *   req/s ratio  below 1: the broker serves that fraction of the baseline's throughput
 *                (0.25 = a quarter as many requests per second).
 *   p99 ratio    above 1: the broker's slow tail is that many times the baseline's.
 *
 * The servers run in a child process (bench/target.ts); autocannon drives them from this one.
 * Latencies are taken from autocannon's per-response timings (sub-millisecond), not its
 * whole-millisecond histogram. The broker logs at info as shipped (BENCH_LOG_LEVEL to change it);
 * its warn/error lines are counted and shown at the end.
 *
 * Options (environment):
 *   BENCH_DURATION     seconds measured per scenario (default 10), after the warm-up
 *   BENCH_WARMUP       seconds of warm-up per scenario before it is measured (default 3)
 *   BENCH_ROUNDS       slices a broker scenario and its baseline alternate in (default 4)
 *   BENCH_CONNECTIONS  concurrent connections / INSERT loops (default 20)
 *   BENCH_LOG_LEVEL    the broker's LOG_LEVEL (default info, as shipped)
 *   BENCH_ORDERS       top the orders table up to this many finished orders first (bulk generate_series)
 *   BENCH_PAYEES       create_order picks its payee at random among this many (default 10000)
 *   BENCH_SCALE_ORDERS then top it up to this many (e.g. 1000000) and measure both calls again, beside the first figures
 *   BENCH_LATENCY_LOG  write every answer as a line "<scenario> <phase> <epoch ms> <latency ms>" to this file,
 *                      to see when the slow answers came (stalls hit all connections at once)
 *   BENCH_NODE_ARGS    node flags for the server process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   BENCH_DATABASE_URL or DATABASE_URL  PostgreSQL to use; else the embedded PGlite in memory.
 *   BENCH_DATA_DIR     without a database URL: run the embedded PGlite on disk in this folder (as
 *                      `npm start` does, durable writes included) instead of in memory; use a scratch folder.
 *                      The bench writes orders and sets the sandbox balances there: use a scratch
 *                      database. Its table bench_rows is dropped at the end.
 *
 * Results: the table below, and bench/results/latest.json.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { orderRequest, PAYEE } from '../test/support/fixtures.js';
import { quantile, type FromTarget, type LogSummary, type RawInsertResult, type ReadyMessage, type ToTarget } from './protocol.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return n;
}

const DURATION = positiveInt('BENCH_DURATION', 10);
// The broker's first seconds (JIT, each pooled connection preparing its statements) are not its steady state.
const WARMUP_SECONDS = positiveInt('BENCH_WARMUP', 3);
const CONNECTIONS = positiveInt('BENCH_CONNECTIONS', 20);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL || 'info';
const ORDERS = Number(process.env.BENCH_ORDERS || '0');
const ROUNDS = positiveInt('BENCH_ROUNDS', 4);
const SCALE_ORDERS = Number(process.env.BENCH_SCALE_ORDERS || '0');
const LATENCY_LOG_FILE = process.env.BENCH_LATENCY_LOG || '';
const latencyLog: string[] | null = LATENCY_LOG_FILE ? [] : null;
const PAYEES = Array.from({ length: positiveInt('BENCH_PAYEES', 10_000) }, () => randomUUID());

interface ScenarioResult {
  readonly id: string;
  readonly scenario: string;
  readonly role: 'broker' | 'baseline' | 'reference';
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** HTTP answers outside 2xx. */
  readonly non2xx: number;
  /** 2xx answers whose envelope `code` is not 0 (or that are not the expected envelope). */
  readonly nonZeroCode: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
  /** A few distinct unexpected answers, "status code: message". */
  readonly badSamples: string[];
  /** Unexpected answers during the warm-up (not in the numbers above). */
  readonly warmupBad: number;
  /** CPU the server process and the PostgreSQL server spent per answer in the measured slices (µs). */
  readonly cpuMicrosPerRequest?: { readonly server: number; readonly postgres: number };
}

interface Target {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** A fresh JSON body per request, when set. */
  readonly body?: () => string;
  /** True when an answer is what a healthy server gives. */
  readonly good: (body: string) => { ok: boolean; detail: string };
}

const envelopeOk =
  (requireData: boolean) =>
  (text: string): { ok: boolean; detail: string } => {
    try {
      const b = JSON.parse(text) as { code?: unknown; message?: unknown; data?: unknown };
      const ok = b.code === 0 && (!requireData || (Array.isArray(b.data) && b.data.length > 0));
      return { ok, detail: `code ${String(b.code)}: ${String(b.message ?? '')}`.slice(0, 200) };
    } catch {
      return { ok: false, detail: `not JSON: ${text.slice(0, 120)}` };
    }
  };

interface Tally {
  latencies: number[];
  bad: number;
  badSamples: string[];
}

function cannon(label: string, target: Target, seconds: number, tally: Tally): Promise<autocannon.Result> {
  const request: autocannon.Request = {
    method: target.method,
    path: target.path,
    headers: target.body ? { 'content-type': 'application/json' } : {},
    onResponse: (status, body) => {
      const verdict = status >= 200 && status < 300 ? target.good(body) : { ok: false, detail: body.slice(0, 160) };
      if (verdict.ok) return;
      if (status >= 200 && status < 300) tally.bad += 1;
      const sample = `${status} ${verdict.detail}`;
      if (tally.badSamples.length < 5 && !tally.badSamples.includes(sample)) tally.badSamples.push(sample);
    },
  };
  if (target.body) {
    const makeBody = target.body;
    request.setupRequest = (req) => ({ ...req, body: makeBody() });
  }
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: target.url, connections: CONNECTIONS, duration: seconds, requests: [request] }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
    // The instance re-emits each client's response with its exact duration in ms (not typed).
    (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      tally.latencies.push(ms);
      latencyLog?.push(`${label} ${Date.now()} ${ms.toFixed(2)}`);
    });
  });
}

interface Scenario {
  readonly id: string;
  readonly scenario: string;
  readonly role: ScenarioResult['role'];
  readonly target: Target;
}

/**
 * Measures a broker scenario and its baseline in ROUNDS alternating slices (broker, baseline, broker, …)
 * of DURATION / ROUNDS seconds each, after a warm-up of each, and sums the slices: whatever else the
 * machine does during the run then weighs on both sides alike instead of on whichever ran at the time.
 */
async function measurePair(pair: readonly [Scenario, Scenario], cpu: CpuMeter): Promise<[ScenarioResult, ScenarioResult]> {
  const slice = Math.max(1, Math.round(DURATION / ROUNDS));
  process.stdout.write(`  ${pair[0].scenario} / ${pair[1].scenario}: warm-up ${WARMUP_SECONDS}s each, ${ROUNDS} × ${slice}s each … `);
  const state = pair.map(() => ({
    warm: { latencies: [], bad: 0, badSamples: [] } as Tally,
    tally: { latencies: [], bad: 0, badSamples: [] } as Tally,
    runs: [] as autocannon.Result[],
    warmRuns: [] as autocannon.Result[],
    cpu: { server: 0, postgres: 0 },
  }));
  for (const [i, s] of pair.entries()) state[i]!.warmRuns.push(await cannon(`${s.id} warm-up`, s.target, WARMUP_SECONDS, state[i]!.warm));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, s] of pair.entries()) {
      const before = await cpu();
      state[i]!.runs.push(await cannon(`${s.id} round-${round + 1}`, s.target, slice, state[i]!.tally));
      const after = await cpu();
      state[i]!.cpu.server += after.server - before.server;
      state[i]!.cpu.postgres += postgresDelta(before.postgres, after.postgres);
    }
  }
  const results = pair.map((s, i) => {
    const r = summarise(s, state[i]!.tally, state[i]!.runs, state[i]!.warm, state[i]!.warmRuns);
    const n = Math.max(1, r.requests);
    return { ...r, cpuMicrosPerRequest: { server: state[i]!.cpu.server / n, postgres: state[i]!.cpu.postgres / n } };
  }) as [ScenarioResult, ScenarioResult];
  console.log(results.map((r) => `${r.rps.toFixed(0)} req/s`).join(' / '));
  return results;
}

function summarise(s: Scenario, tally: Tally, runs: readonly autocannon.Result[], warm: Tally, warmRuns: readonly autocannon.Result[]) {
  const sorted = Float64Array.from(tally.latencies).sort();
  const statusCodes: Record<string, number> = {};
  for (const r of runs)
    for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[k] = (statusCodes[k] ?? 0) + (v?.count ?? 0);
  const sum = (f: (r: autocannon.Result) => number, rs: readonly autocannon.Result[] = runs) => rs.reduce((n, r) => n + f(r), 0);
  const requests = sum((r) => r.requests.total);
  const seconds = sum((r) => r.duration);
  const result: ScenarioResult = {
    id: s.id,
    scenario: s.scenario,
    role: s.role,
    requests,
    seconds,
    rps: requests / seconds,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    non2xx: sum((r) => r.non2xx),
    nonZeroCode: tally.bad,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statusCodes,
    badSamples: tally.badSamples,
    warmupBad: warm.bad + sum((r) => r.non2xx + r.errors, warmRuns),
  };
  return result;
}

/** CPU microseconds used so far by the server process, and per PostgreSQL backend of the bench database. */
type CpuMeter = () => Promise<{ server: number; postgres: Map<number, number> }>;

/** CPU the backends used between two readings (a backend that started in between counts from 0). */
function postgresDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, micros] of after) sum += micros - (before.get(pid) ?? 0);
  return sum;
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of each of these processes, in µs, from /proc (absent when a process has gone). */
async function processCpuMicros(pids: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND); // utime, stime
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The target process

class TargetProcess {
  private readonly waiting = new Map<string, (m: FromTarget) => void>();
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: FromTarget) => {
      // A message nobody waits for (a late answer after a timeout) is dropped.
      this.waiting.get(m.type === 'failed' ? '*' : m.type)?.(m);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(): TargetProcess {
    const child = fork(fileURLToPath(new URL('./target.ts', import.meta.url)), [], {
      cwd: ROOT,
      // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the servers (NODE_OPTIONS may not carry it).
      execArgv: ['--import', 'tsx', ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)],
      env: process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new TargetProcess(child);
  }

  /** The next message of `type`; rejects on a `failed` message, an exit, or after `timeoutMs`. */
  next<T extends FromTarget['type']>(type: T, timeoutMs: number): Promise<Extract<FromTarget, { type: T }>> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(type);
        this.waiting.delete('*');
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`the target process sent no "${type}" within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      this.waiting.set(type, (m) => {
        done();
        resolve(m as Extract<FromTarget, { type: T }>);
      });
      this.waiting.set('*', (m) => {
        done();
        reject(new Error(`the target process failed:\n${m.type === 'failed' ? m.error : m.type}`));
      });
      void this.exited.then((code) => {
        if (!this.waiting.has(type)) return;
        done();
        reject(new Error(`the target process exited (code ${code}) before sending "${type}"`));
      });
    });
  }

  send(message: ToTarget): void {
    this.child.send(message);
  }

  /** Asks the target to close everything; kills it if it has not exited after `graceMs`. */
  async stop(
    graceMs: number,
  ): Promise<{ stopped: Extract<FromTarget, { type: 'stopped' }> | null; exitCode: number | null; killed: boolean }> {
    if (this.child.exitCode !== null || !this.child.connected) {
      return { stopped: null, exitCode: await this.exited, killed: false };
    }
    const stopped = this.next('stopped', graceMs).catch(() => null);
    this.send({ type: 'stop' });
    const s = await stopped;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const exitCode = await this.exited;
    clearTimeout(timer);
    return { stopped: s, exitCode, killed: exitCode === null };
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const ms = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(a / b < 10 ? 2 : 1)}×` : 'n/a');

function table(results: readonly ScenarioResult[], ratios: readonly Ratio[]): string {
  const head = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req node+pg', 'non-2xx', 'code≠0', 'errors'];
  const rows: string[][] = [];
  for (const r of results) {
    rows.push([
      r.scenario,
      r.rps.toFixed(0),
      ms(r.p50Ms),
      ms(r.p99Ms),
      r.cpuMicrosPerRequest ? `${r.cpuMicrosPerRequest.server.toFixed(0)}+${r.cpuMicrosPerRequest.postgres.toFixed(0)}` : '-',
      String(r.non2xx),
      r.role === 'reference' ? '-' : String(r.nonZeroCode),
      String(r.errors),
    ]);
    const q = ratios.find((x) => x.baseline === r.id);
    if (q)
      rows.push([
        `  ratio broker/baseline (${q.name})`,
        `${q.rps.toFixed(2)}×`,
        ratio(q.brokerP50, q.baselineP50),
        `${q.p99.toFixed(2)}×`,
        q.cpu ? `${q.cpu.toFixed(1)}×` : '',
        '',
        '',
        '',
      ]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

interface Ratio {
  readonly name: string;
  readonly broker: string;
  readonly baseline: string;
  /** broker req/s ÷ baseline req/s */
  readonly rps: number;
  /** broker p99 ÷ baseline p99 */
  readonly p99: number;
  readonly brokerP50: number;
  readonly baselineP50: number;
  /** broker CPU per answer (server process + PostgreSQL) ÷ the baseline's */
  readonly cpu: number | null;
}

const cpuTotal = (r: ScenarioResult) => (r.cpuMicrosPerRequest ? r.cpuMicrosPerRequest.server + r.cpuMicrosPerRequest.postgres : null);

function ratioOf(name: string, broker: ScenarioResult, baseline: ScenarioResult): Ratio {
  return {
    name,
    broker: broker.id,
    baseline: baseline.id,
    rps: baseline.rps > 0 ? broker.rps / baseline.rps : 0,
    p99: baseline.p99Ms > 0 ? broker.p99Ms / baseline.p99Ms : 0,
    brokerP50: broker.p50Ms,
    baselineP50: baseline.p50Ms,
    cpu: cpuTotal(broker) && cpuTotal(baseline) ? cpuTotal(broker)! / cpuTotal(baseline)! : null,
  };
}

// ---------------------------------------------------------------------------------------------

/** The broker's two calls, each beside its baseline; `suffix` tells a later round's ids apart. */
async function measureCalls(ready: ReadyMessage, cpu: CpuMeter, suffix: string): Promise<ScenarioResult[]> {
  const rangePath = `/mixpay/assets/range?payee_id=${PAYEE}&wallet=mock`;
  // MixPay's orders come for many merchants; each payee's open orders stay under the bound as shipped.
  const order = () => JSON.stringify(orderRequest({ payee_id: PAYEES[Math.floor(Math.random() * PAYEES.length)] }));
  const at = suffix ? ` (${suffix.slice(1)} orders)` : '';
  return [
    ...(await measurePair(
      [
        {
          id: `range-broker${suffix}`,
          scenario: `GET assets/range — broker${at}`,
          role: 'broker',
          target: { url: ready.brokerUrl, method: 'GET', path: rangePath, good: envelopeOk(true) },
        },
        {
          id: `range-baseline${suffix}`,
          scenario: `GET fixed JSON (${ready.fixedBodyBytes} B) — bare Koa${at}`,
          role: 'baseline',
          target: { url: ready.fixedJsonUrl, method: 'GET', path: rangePath, good: envelopeOk(true) },
        },
      ],
      cpu,
    )),
    ...(await measurePair(
      [
        {
          id: `order-broker${suffix}`,
          scenario: `POST create_order — broker${at}`,
          role: 'broker',
          target: { url: ready.brokerUrl, method: 'POST', path: '/mixpay/create_order', body: order, good: envelopeOk(false) },
        },
        {
          id: `order-baseline${suffix}`,
          scenario: `POST same body — Koa + 1 INSERT${at}`,
          role: 'baseline',
          target: { url: ready.insertUrl, method: 'POST', path: '/mixpay/create_order', body: order, good: envelopeOk(false) },
        },
      ],
      cpu,
    )),
  ];
}

async function main(): Promise<number> {
  console.log(
    `MixPay broker HTTP benchmark: ${DURATION}s per scenario in ${ROUNDS} slices alternating with its baseline, after a ${WARMUP_SECONDS}s warm-up, ${CONNECTIONS} connections`,
  );
  console.log(`node ${process.version}, ${cpus().length} CPUs; load generator and servers share this machine`);
  const seeded = ORDERS ? `, orders table seeded to ${ORDERS} rows` : '';
  console.log(`starting the broker (LOG_LEVEL=${LOG_LEVEL}${seeded}) and the baselines …`);

  const target = TargetProcess.start();
  let ready: ReadyMessage;
  try {
    ready = await target.next('ready', 120_000);
  } catch (e) {
    await target.stop(10_000);
    throw e;
  }
  console.log(`database: ${ready.database} (pool max ${ready.poolMax})\n`);

  const cpu: CpuMeter = async () => {
    const reply = target.next('cpu-result', 10_000);
    target.send({ type: 'cpu' });
    const server = await reply;
    return { server: server.micros, postgres: await processCpuMicros(server.postgresPids) };
  };
  const results: ScenarioResult[] = [];
  let raw: RawInsertResult | null;
  let failure: unknown = null;
  let scaled: ScenarioResult[] = [];
  let scaledAt = 0;
  let startedAt: number | null = null;
  try {
    results.push(...(await measureCalls(ready, cpu, '')));

    process.stdout.write(`  raw INSERT, ${CONNECTIONS} loops, no HTTP: warm-up ${WARMUP_SECONDS}s, measuring ${DURATION}s … `);
    target.send({ type: 'raw-insert', seconds: DURATION, concurrency: CONNECTIONS });
    raw = await target.next('raw-insert-result', (DURATION + WARMUP_SECONDS + 60) * 1000);
    console.log(`${(raw.count / raw.seconds).toFixed(0)} inserts/s`);
    results.push({
      id: 'insert-raw',
      scenario: '1 INSERT, no HTTP (reference)',
      role: 'reference',
      requests: raw.count,
      seconds: raw.seconds,
      rps: raw.count / raw.seconds,
      p50Ms: raw.p50,
      p99Ms: raw.p99,
      non2xx: 0,
      nonZeroCode: 0,
      errors: raw.errors,
      timeouts: 0,
      statusCodes: {},
      badSamples: raw.firstError ? [raw.firstError] : [],
      warmupBad: 0,
    });
    if (SCALE_ORDERS > 0) {
      console.log(`\ntopping the orders table up to ${SCALE_ORDERS} rows …`);
      target.send({ type: 'seed', orders: SCALE_ORDERS });
      const seeded = await target.next('seeded', 60 * 60_000);
      console.log(`  done in ${seeded.seconds.toFixed(0)} s; measuring again at ${seeded.orders} stored orders`);
      scaled = await measureCalls(ready, cpu, `@${seeded.orders}`);
      scaledAt = seeded.orders;
      startedAt ??= ORDERS;
    }
  } catch (e) {
    failure = e;
  }

  const { stopped, exitCode, killed } = await target.stop(30_000);
  if (failure) throw failure;

  results.push(...scaled);
  const byId = (id: string) => results.find((r) => r.id === id)!;
  const ratios = [
    ratioOf('assets/range', byId('range-broker'), byId('range-baseline')),
    ratioOf('create_order', byId('order-broker'), byId('order-baseline')),
  ];
  const at = `@${scaledAt}`;
  if (scaled.length > 0) {
    ratios.push(ratioOf(`assets/range${at}`, byId(`range-broker${at}`), byId(`range-baseline${at}`)));
    ratios.push(ratioOf(`create_order${at}`, byId(`order-broker${at}`), byId(`order-baseline${at}`)));
  }

  console.log(`\n${table(results, ratios)}\n`);
  const growth =
    scaled.length === 0
      ? []
      : (['range', 'order'] as const).map((call) => {
          const small = byId(`${call}-broker`);
          const large = byId(`${call}-broker${at}`);
          const smallBase = byId(`${call}-baseline`);
          const largeBase = byId(`${call}-baseline${at}`);
          return {
            // The same growth divided by the baseline's over the same rounds: what the machine did meanwhile cancels out.
            p50VsBaseline: large.p50Ms / largeBase.p50Ms / (small.p50Ms / smallBase.p50Ms),
            p99VsBaseline: large.p99Ms / largeBase.p99Ms / (small.p99Ms / smallBase.p99Ms),
            call: call === 'range' ? 'assets/range' : 'create_order',
            fromOrders: startedAt ?? 0,
            toOrders: scaledAt,
            p50: large.p50Ms / small.p50Ms,
            p99: large.p99Ms / small.p99Ms,
          };
        });
  for (const g of growth) {
    console.log(
      `${g.call} latency at ${g.toOrders} stored orders ÷ at ${g.fromOrders}: p50 ${g.p50.toFixed(2)}×, p99 ${g.p99.toFixed(2)}×` +
        ` (relative to its baseline's change: p50 ${g.p50VsBaseline.toFixed(2)}×, p99 ${g.p99VsBaseline.toFixed(2)}×)`,
    );
  }
  console.log('req/s = answers completed ÷ measured seconds; p50/p99 over every answer in the measured window.');
  console.log(
    "ratio req/s < 1: the broker manages that fraction of the baseline's throughput; ratio p99 > 1: its slow tail is that many times longer.",
  );
  console.log(
    'CPU µs/req: CPU time of the server process + every PostgreSQL process per answer (load-independent); its ratio is broker ÷ baseline.',
  );
  console.log('code≠0: HTTP 2xx answers whose MixPay envelope code is not 0 (for assets/range: also an empty range list).');
  console.log("The create_order baseline reads the same JSON body over HTTP and runs one INSERT on the broker's own");
  console.log('MikroORM connection (same driver, pool and database); the last row is that INSERT without HTTP, for scale.');
  const shipped = LOG_LEVEL === 'info' ? ' (an access line per request, as shipped)' : '';
  console.log(`Broker LOG_LEVEL=${LOG_LEVEL}${shipped}; warn/error lines count below.`);

  const problems: string[] = [];
  for (const r of results) {
    if (r.non2xx + r.nonZeroCode + r.errors + r.timeouts > 0 || r.warmupBad > 0) {
      problems.push(
        `${r.scenario}: ${r.non2xx} non-2xx, ${r.nonZeroCode} code≠0, ${r.errors} errors, ${r.timeouts} timeouts` +
          `${r.warmupBad ? `, ${r.warmupBad} bad during warm-up` : ''}; status codes ${JSON.stringify(r.statusCodes)}` +
          (r.badSamples.length ? `\n      e.g. ${r.badSamples.join('\n           ')}` : ''),
      );
    }
  }
  const log: LogSummary | null = stopped?.brokerLog ?? null;
  console.log(
    `\nbroker log during the run: ${log ? `${log.warn} warn, ${log.error} error line(s)` : 'unknown (the target did not report)'}` +
      (log && log.samples.length ? `\n  ${log.samples.join('\n  ')}` : ''),
  );
  if (stopped) console.log(`server process RSS after the run: ${(stopped.rssBytes / 2 ** 20).toFixed(0)} MB (broker and baselines)`);
  if (problems.length > 0) console.log(`\nunexpected answers:\n  ${problems.join('\n  ')}`);
  else console.log('\nevery answer was HTTP 2xx with code 0.');
  if (killed || (exitCode !== 0 && exitCode !== null))
    problems.push(`target process exit: code ${exitCode}${killed ? ' (killed after the grace period)' : ''}`);

  const json = {
    generatedAt: new Date().toISOString(),
    options: { durationSeconds: DURATION, rounds: ROUNDS, connections: CONNECTIONS, warmupSeconds: WARMUP_SECONDS },
    machine: { node: process.version, cpus: cpus().length, platform: process.platform },
    database: { description: ready.database, embedded: ready.embedded, poolMax: ready.poolMax },
    brokerLogLevel: LOG_LEVEL,
    seededOrders: ORDERS,
    rssBytesAfterRun: stopped?.rssBytes ?? null,
    scenarios: results,
    growth,
    ratios: ratios.map(({ name, broker, baseline, rps, p99, cpu }) => ({ name, broker, baseline, rps, p99, cpuPerRequest: cpu })),
    scaleOrders: SCALE_ORDERS || null,
    notes: {
      rps: 'broker req/s ÷ baseline req/s; below 1 means the broker is slower',
      p99: 'broker p99 ÷ baseline p99; above 1 means the broker has a longer tail',
      orderBaseline: "Koa reading the same JSON body, then one INSERT into bench_rows through the broker's MikroORM connection",
      latency: "from autocannon's per-response timings in ms, all answers in the measured window",
    },
    brokerLog: log,
    benchRowsInserted: stopped?.benchRowsInserted ?? null,
    targetExitCode: exitCode,
  };
  const dir = `${ROOT}bench/results`;
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}/latest.json`, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nresults written to bench/results/latest.json`);
  if (latencyLog) {
    await writeFile(LATENCY_LOG_FILE, `${latencyLog.join('\n')}\n`);
    console.log(`every answer's latency written to ${LATENCY_LOG_FILE}`);
  }
  return killed || (exitCode !== 0 && exitCode !== null) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  },
);
