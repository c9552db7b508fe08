import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { LogFields, Logger } from '../../domain/ports/logger.port.js';
import { shareIncidents } from './incident-log.js';
import { logContext } from './log-context.js';
import type { SecretRegistry } from './secret-registry.js';

/** Keys whose values never reach a log line, at any depth the paths name. */
const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'headers["x-mock-signature"]',
  '*.secret',
  '*.apiKey',
  '*.apiSecret',
  '*.webhookSecret',
  '*.password',
  '*.token',
  'settings',
  '*.settings',
];

export interface LoggerOptions {
  readonly level: string;
  readonly secrets: SecretRegistry;
  /** Where JSON lines go; stdout by default. */
  readonly destination?: DestinationStream;
}

/** The broker's logger as the composition root holds it: it can also be flushed before the process exits. */
export interface FlushableLogger extends Logger {
  /** Resolves once every line written so far has reached the destination. */
  flush(): Promise<void>;
}

/** The broker's one logger: JSON lines, secrets redacted by key and by value. */
export function createLogger(options: LoggerOptions): FlushableLogger {
  const base = pino(
    {
      level: options.level,
      base: { service: 'mixpay-broker' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      formatters: { level: (label) => ({ level: label }) },
      // A copy: pino merges each line's fields into what mixin returns.
      mixin: () => ({ ...logContext.current() }),
      hooks: { streamWrite: (line) => options.secrets.scrub(line) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
  return new PinoLogger(base, {});
}

/**
 * Child fields are merged into each line's fields rather than bound with pino's child(), which
 * writes a key twice when a line repeats one of them (e.g. `worker`).
 */
class PinoLogger implements FlushableLogger {
  constructor(
    private readonly pino: Pino,
    private readonly bindings: LogFields,
  ) {}

  debug(fields: LogFields, message: string): void {
    this.write('debug', fields, message);
  }
  info(fields: LogFields, message: string): void {
    this.write('info', fields, message);
  }
  warn(fields: LogFields, message: string): void {
    this.write('warn', fields, message);
  }
  error(fields: LogFields, message: string): void {
    this.write('error', fields, message);
  }
  /** A disabled level costs no merge (the access line runs on every request). */
  private write(level: 'debug' | 'info' | 'warn' | 'error', fields: LogFields, message: string): void {
    if (this.pino.isLevelEnabled(level)) this.pino[level]({ ...this.bindings, ...fields }, message);
  }
  flush(): Promise<void> {
    // Lines are written asynchronously (sonic-boom); an exit right after a write could lose them.
    return new Promise((resolve) => this.pino.flush(() => resolve()));
  }
  child(fields: LogFields): Logger {
    const child = new PinoLogger(this.pino, { ...this.bindings, ...fields });
    shareIncidents(this, child);
    return child;
  }
}
