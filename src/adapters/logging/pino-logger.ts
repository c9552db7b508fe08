import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { LogFields, Logger } from '../../domain/ports/logger.port.js';
import { shareIncidents } from './incident-log.js';
import { logContext } from './log-context.js';
import type { SecretRegistry } from './secret-registry.js';

/** One line per answered request. */
export interface AccessLog {
  request(requestId: string, method: string, path: string, status: number, durationMs: number): void;
}

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
export interface FlushableLogger extends Logger, AccessLog {
  /** Resolves once every line written so far has reached the destination. */
  flush(): Promise<void>;
}

/** The broker's one logger: JSON lines, secrets redacted by key and by value. */
export function createLogger(options: LoggerOptions): FlushableLogger {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: false });
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
    destination,
  );
  const logger = new PinoLogger(base, {});
  return Object.assign(logger, { request: accessLine(base, destination, options.secrets) });
}

/**
 * The access line of every request, written without pino's field merging and key redaction: its
 * fields are fixed and none can hold a secret (the path carries no query string); it is still
 * scrubbed by value like every other line. Same JSON shape as pino's lines.
 */
function accessLine(base: Pino, destination: DestinationStream, secrets: SecretRegistry): AccessLog['request'] {
  return (requestId, method, path, status, durationMs) => {
    if (!base.isLevelEnabled('info')) return;
    const line =
      `{"level":"info","time":"${new Date().toISOString()}","service":"mixpay-broker","request_id":${JSON.stringify(requestId)},` +
      `"method":${JSON.stringify(method)},"path":${JSON.stringify(path)},"status":${status},"duration_ms":${durationMs},"msg":"request"}\n`;
    destination.write(secrets.scrub(line));
  };
}

/**
 * Child fields are merged into each line's fields rather than bound with pino's child(), which
 * writes a key twice when a line repeats one of them (e.g. `worker`).
 */
class PinoLogger implements Logger {
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
