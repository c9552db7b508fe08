import axios from 'axios';
import type { Alert } from '../../domain/ports/notifier.port.js';
import type { AlertSink } from './rate-limited-notifier.js';

/**
 * Alerts POSTed as JSON to an operator URL. The body has Slack's `text` field, so a Slack (or
 * Mattermost, Discord /slack) incoming-webhook URL works as is; other receivers get the fields too.
 */
export class WebhookAlertSink implements AlertSink {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async deliver(alert: Alert, suppressed: number): Promise<void> {
    const more = suppressed > 0 ? ` (+${suppressed} similar held back)` : '';
    await axios.post(
      this.url,
      {
        text: `[${alert.severity}] ${alert.message}${more}`,
        alert: alert.key,
        severity: alert.severity,
        details: alert.details ?? {},
        suppressed,
      },
      { timeout: this.timeoutMs },
    );
  }
}
