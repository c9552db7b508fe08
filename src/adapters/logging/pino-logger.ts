import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { LogFields, Logger } from '../../domain/ports/logger.port.js';
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

/** The broker's one logger: JSON lines, secrets redacted by key and by value. */
export function createLogger(options: LoggerOptions): Logger {
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
  return new PinoLogger(base);
}

class PinoLogger implements Logger {
  constructor(private readonly pino: Pino) {}

  debug(fields: LogFields, message: string): void {
    this.pino.debug(fields, message);
  }
  info(fields: LogFields, message: string): void {
    this.pino.info(fields, message);
  }
  warn(fields: LogFields, message: string): void {
    this.pino.warn(fields, message);
  }
  error(fields: LogFields, message: string): void {
    this.pino.error(fields, message);
  }
  child(fields: LogFields): Logger {
    return new PinoLogger(this.pino.child(fields));
  }
}
