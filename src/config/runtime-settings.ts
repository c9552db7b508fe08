import { LogAlertSink } from '../adapters/notify/log-alert-sink.js';
import { RateLimitedNotifier, type AlertSink } from '../adapters/notify/rate-limited-notifier.js';
import { WebhookAlertSink } from '../adapters/notify/webhook-alert-sink.js';
import type { WorkerPolicies } from '../application/shared/worker-policies.js';
import type { Clock } from '../domain/ports/clock.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import type { Notifier } from '../domain/ports/notifier.port.js';
import type { BrokerConfigFile } from './broker-config.schema.js';

/** The settlement section of the config as the workers' policies. */
export function workerPolicies(config: BrokerConfigFile): WorkerPolicies {
  const s = config.settlement;
  return {
    transfers: { maxAttempts: s.maxAttempts, baseDelayMs: s.baseDelayMs, maxDelayMs: s.maxDelayMs },
    refunds: { maxAttempts: s.refundMaxAttempts, baseDelayMs: s.refundBaseDelayMs, maxDelayMs: s.refundMaxDelayMs },
    leaseMs: s.leaseMs,
    batchSize: s.batchSize,
    inFlightPerAsset: s.inFlightPerAsset,
    checkAfterSeconds: s.checkAfterSeconds,
  };
}

export class AlertConfigError extends Error {}

/** Alerts always go to the log; also to the operator webhook when one is configured. */
export function buildNotifier(
  config: BrokerConfigFile,
  env: NodeJS.ProcessEnv,
  onSecret: (value: string) => void,
  clock: Clock,
  log: Logger,
): Notifier {
  const sinks: AlertSink[] = [new LogAlertSink(log)];
  const ref = config.alerts.webhookUrl;
  if (ref !== undefined) {
    const url = typeof ref === 'string' ? ref : env[ref.env];
    if (!url) throw new AlertConfigError(`alerts.webhookUrl: environment variable ${(ref as { env: string }).env} is not set`);
    onSecret(url); // webhook URLs (Slack's) are credentials
    sinks.push(new WebhookAlertSink(url));
  }
  return new RateLimitedNotifier(sinks, clock, log, config.alerts.minIntervalSeconds * 1000);
}
