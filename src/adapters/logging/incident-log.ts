import type { IncidentReporter } from '../../domain/ports/incident-reporter.port.js';
import type { LogFields, Logger } from '../../domain/ports/logger.port.js';

type Level = 'warn' | 'error';

interface Open {
  readonly signature: string;
  readonly since: number;
  lastWritten: number;
  /** Failures since the last line written. */
  repeats: number;
  failures: number;
}

/**
 * A fault that lasts (the database away, a step failing the same way on every tick) is written
 * once when it starts, once per interval while it lasts, and once when it ends: not once per
 * request or per tick, which buried everything else under a thousand stacks.
 */
export class IncidentLog implements IncidentReporter {
  private readonly open = new Map<string, Open>();

  constructor(
    private readonly log: Logger,
    private readonly repeatEveryMs = 60_000,
    readonly now: () => number = Date.now,
  ) {}

  /**
   * A failure of `key`. The first of an incident (or one with a new `signature`) is written as is;
   * repeats are counted and summed up at most once per interval, without `err` (its stack was written).
   */
  failing(key: string, message: string, fields: LogFields, options: { level?: Level; signature?: string } = {}): void {
    const level = options.level ?? 'warn';
    const signature = options.signature ?? message;
    const t = this.now();
    const open = this.open.get(key);
    if (!open || open.signature !== signature) {
      this.open.set(key, { signature, since: open?.since ?? t, lastWritten: t, repeats: 0, failures: (open?.failures ?? 0) + 1 });
      this.log[level](fields, message);
      return;
    }
    open.repeats++;
    open.failures++;
    if (t - open.lastWritten < this.repeatEveryMs) return;
    const { err, ...rest } = fields;
    const problem = err instanceof Error ? { problem: err.message } : {};
    this.log[level]({ ...rest, ...problem, repeats: open.repeats, since: new Date(open.since).toISOString() }, `${message} (still)`);
    open.lastWritten = t;
    open.repeats = 0;
  }

  /**
   * `key` works again: closes its incident, if one is open, with one info line. `startedAt` is when
   * the work that succeeded began: work already under way when the incident began proves nothing.
   */
  recovered(key: string, message: string, startedAt: number, fields: LogFields = {}): void {
    const open = this.open.get(key);
    if (!open || startedAt < open.since) return;
    this.open.delete(key);
    this.log.info({ ...fields, down_for_ms: this.now() - open.since, failures: open.failures }, message);
  }
}

const shared = new WeakMap<Logger, IncidentLog>();

/** The incident log of a logger and all its children, so every worker and request of a broker reports to one. */
export function incidentsOf(log: Logger): IncidentLog {
  let incidents = shared.get(log);
  if (!incidents) shared.set(log, (incidents = new IncidentLog(log)));
  return incidents;
}

/** Makes `child` report to the incident log of `parent`. */
export function shareIncidents(parent: Logger, child: Logger): void {
  shared.set(child, incidentsOf(parent));
}
