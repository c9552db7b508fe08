import type { Logger } from '../../domain/ports/logger.port.js';
import type { Alert } from '../../domain/ports/notifier.port.js';
import type { AlertSink } from './rate-limited-notifier.js';

/** Alerts as log lines (always on): `alert` names the key, so log search finds every occurrence. */
export class LogAlertSink implements AlertSink {
  readonly name = 'log';

  constructor(private readonly log: Logger) {}

  async deliver(alert: Alert, suppressed: number): Promise<void> {
    const fields = { alert: alert.key, severity: alert.severity, suppressed, ...alert.details };
    if (alert.severity === 'info') this.log.info(fields, alert.message);
    else if (alert.severity === 'warning') this.log.warn(fields, alert.message);
    else this.log.error(fields, alert.message);
  }
}
