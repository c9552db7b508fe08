import type { Alert, Notifier } from '../../domain/ports/notifier.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { Clock } from '../../domain/ports/clock.port.js';

/**
 * Alerts as log lines, at most one per alert key per interval, so an outage that refuses every
 * order does not bury the log. (A webhook notifier for operators comes with settlement.)
 */
export class LogNotifier implements Notifier {
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly intervalMs = 60_000,
  ) {}

  async notify(alert: Alert): Promise<void> {
    const now = this.clock.now().getTime();
    const last = this.lastSent.get(alert.key);
    if (last !== undefined && now - last < this.intervalMs) return;
    this.lastSent.set(alert.key, now);
    const fields = { alert: alert.key, severity: alert.severity, ...alert.details };
    if (alert.severity === 'info') this.log.info(fields, alert.message);
    else if (alert.severity === 'warning') this.log.warn(fields, alert.message);
    else this.log.error(fields, alert.message);
  }
}
