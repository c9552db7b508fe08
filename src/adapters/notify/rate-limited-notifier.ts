import type { Clock } from '../../domain/ports/clock.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { Alert, Notifier } from '../../domain/ports/notifier.port.js';

/** Somewhere an alert can be delivered. */
export interface AlertSink {
  readonly name: string;
  deliver(alert: Alert, suppressed: number): Promise<void>;
}

/**
 * Sends each alert to every sink, at most once per alert key per interval, so an outage that
 * refuses every order raises one alert, not thousands. The next alert says how many were held back.
 */
export class RateLimitedNotifier implements Notifier {
  private readonly windows = new Map<string, { sentAt: number; suppressed: number }>();

  constructor(
    private readonly sinks: readonly AlertSink[],
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  async notify(alert: Alert): Promise<void> {
    const now = this.clock.now().getTime();
    const w = this.windows.get(alert.key);
    if (w && now - w.sentAt < this.intervalMs) {
      w.suppressed += 1;
      return;
    }
    const suppressed = w?.suppressed ?? 0;
    this.windows.set(alert.key, { sentAt: now, suppressed: 0 });
    await Promise.all(
      this.sinks.map(async (sink) => {
        try {
          await sink.deliver(alert, suppressed);
        } catch (e) {
          // A broken alert channel must never break the work that raised the alert.
          this.log.error({ sink: sink.name, alert: alert.key, problem: (e as Error).message }, 'alert delivery failed');
        }
      }),
    );
  }
}
