import type { Logger } from '../../domain/ports/logger.port.js';

/**
 * Runs one step again and again: immediately once more when the step did work (a backlog drains
 * fast), after `intervalMs` when it found nothing. A failing step is logged and retried next tick;
 * `stop` waits for a running step to finish.
 */
export class PeriodicWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    readonly name: string,
    private readonly step: () => Promise<number>,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Wakes the worker now (e.g. after new work was queued). */
  poke(): void {
    if (!this.stopped && !this.running) this.schedule(0);
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
    let didWork = 0;
    try {
      didWork = await this.step();
    } catch (e) {
      this.log.error({ worker: this.name, err: e }, 'worker step failed');
    }
    if (!this.stopped) this.schedule(didWork > 0 ? 0 : this.intervalMs);
  }
}
