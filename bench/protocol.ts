/** Messages between bench/http-bench.ts (the load generator) and bench/target.ts (the servers under test). */

export interface ReadyMessage {
  readonly type: 'ready';
  /** The broker (GET /mixpay/assets/range, POST /mixpay/create_order). */
  readonly brokerUrl: string;
  /** A bare Koa app answering a fixed JSON body (a copy of the broker's range answer). */
  readonly fixedJsonUrl: string;
  /** A minimal Koa app doing one INSERT into bench_rows per POST. */
  readonly insertUrl: string;
  /** "embedded PGlite (in memory)", "… on disk (<folder>)" or the PostgreSQL URL without its password. */
  readonly database: string;
  readonly embedded: boolean;
  readonly poolMax: number;
  /** Bytes of the fixed JSON body (the same bytes the broker's range answer has). */
  readonly fixedBodyBytes: number;
}

export interface FailedMessage {
  readonly type: 'failed';
  readonly error: string;
}

export interface RawInsertRequest {
  readonly type: 'raw-insert';
  readonly seconds: number;
  readonly concurrency: number;
}

export interface RawInsertResult {
  readonly type: 'raw-insert-result';
  readonly count: number;
  readonly errors: number;
  readonly seconds: number;
  /** Milliseconds per INSERT round trip, sorted ascending. */
  readonly p50: number;
  readonly p99: number;
  readonly firstError: string | null;
}

export interface StopRequest {
  readonly type: 'stop';
}

export interface LogSummary {
  readonly warn: number;
  readonly error: number;
  /** The first few distinct warn/error messages the broker logged (startup included). */
  readonly samples: string[];
}

export interface StoppedMessage {
  readonly type: 'stopped';
  readonly brokerLog: LogSummary;
  readonly benchRowsInserted: number;
  /** The server process's resident set after the run (broker and baselines share it). */
  readonly rssBytes: number;
}

/** Asks the target for the CPU time its process has used so far. */
export interface CpuRequest {
  readonly type: 'cpu';
}

export interface CpuResult {
  readonly type: 'cpu-result';
  /** process.cpuUsage(): user + system microseconds since the target started. */
  readonly micros: number;
  /** The PostgreSQL backends serving this database (none on the embedded one, which runs inside the process). */
  readonly postgresPids: number[];
}

/** Tops the orders table up to `orders` rows of finished orders. */
export interface SeedRequest {
  readonly type: 'seed';
  readonly orders: number;
}

export interface SeedResult {
  readonly type: 'seeded';
  /** Rows in the orders table now. */
  readonly orders: number;
  readonly seconds: number;
}

export type ToTarget = RawInsertRequest | StopRequest | CpuRequest | SeedRequest;
export type FromTarget = ReadyMessage | FailedMessage | RawInsertResult | StoppedMessage | CpuResult | SeedResult;

/** The value at quantile q (0..1) of ascending-sorted samples; 0 when there are none. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}
