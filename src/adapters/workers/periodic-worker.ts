import type { Logger } from '../../domain/ports/logger.port.js';
import { incidentsOf, type IncidentLog } from '../logging/incident-log.js';
import { databaseProblem, isDatabaseUnavailable } from '../persistence/database.js';

/**
 * Runs one step again and again: immediately once more when the step did work (a backlog drains
 * fast), after `intervalMs` when it found nothing. A failing step is logged and retried next tick;
 * `stop` waits for a running step to finish.
 *
 * A failure that repeats on every tick is one incident, not one stack per tick: the database away
 * is reported once for the whole broker, a step failing the same way once per worker, each with a
 * line when it works again.
 */
/** What readiness reads of a worker: whether it runs, and when it last showed signs of life. */
export interface WorkerHealth {
  readonly name: string;
  readonly intervalMs: number;
  readonly started: boolean;
  /** Start, or the last step begun or finished. */
  readonly lastActivityAt: Date | null;
  /** When the step now running began; null between steps. */
  readonly busySince: Date | null;
  /** Steps finished since start, failed ones included. */
  readonly steps: number;
}

export class PeriodicWorker {
  private timer: NodeJS.Timeout | null = null;
  private lastActivityAt: Date | null = null;
  private busySince: Date | null = null;
  private steps = 0;
  private running: Promise<void> | null = null;
  private stopped = true;
  /** A wake that came while a step ran: the step may have looked before the new work was there. */
  private pokedWhileRunning = false;
  private readonly incidents: IncidentLog;

  constructor(
    readonly name: string,
    private readonly step: () => Promise<number>,
    private readonly intervalMs: number,
    /** Already carries the worker's name (see BrokerWorkers). */
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    /** Called after each step that ran without an error (the last-success metric). */
    private readonly onSuccess: () => void = () => undefined,
  ) {
    this.incidents = incidentsOf(log);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastActivityAt = this.now();
    this.schedule(0);
  }

  health(): WorkerHealth {
    const { name, intervalMs, lastActivityAt, busySince, steps } = this;
    return { name, intervalMs, started: !this.stopped, lastActivityAt, busySince, steps };
  }

  /** Runs the step now instead of at the next poll: the wake for a `WorkSignal` (new work was just queued). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.pokedWhileRunning = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, delay);
  }

  private async tick(): Promise<void> {
    this.pokedWhileRunning = false;
    let didWork = 0;
    const startedAt = this.incidents.now();
    this.busySince = this.lastActivityAt = this.now();
    try {
      didWork = await this.step();
      this.onSuccess();
      this.incidents.recovered('database', 'database back', startedAt);
      this.incidents.recovered(this.stepKey, 'worker step works again', startedAt, { worker: this.name });
    } catch (e) {
      if (isDatabaseUnavailable(e)) {
        this.incidents.failing(
          'database',
          'database unavailable',
          { problem: databaseProblem(e), noticed_by: `worker ${this.name}` },
          { signature: 'database' },
        );
      } else {
        this.incidents.failing(
          this.stepKey,
          'worker step failed',
          { worker: this.name, err: e },
          { level: 'error', signature: (e as Error)?.message },
        );
      }
    }
    this.lastActivityAt = this.now();
    this.busySince = null;
    this.steps++;
    if (!this.stopped) this.schedule(didWork > 0 || this.pokedWhileRunning ? 0 : this.intervalMs);
  }

  private get stepKey(): string {
    return `worker ${this.name}`;
  }
}
