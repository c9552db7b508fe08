import type { LogFields } from './logger.port.js';

/**
 * Reports a fault that lasts (a provider down, the database away) once when it starts, once per
 * interval while it lasts and once when it ends, instead of once per request or tick.
 */
export interface IncidentReporter {
  now(): number;
  /** A failure of `key`; a new `signature` for the same key is written as a new incident line. */
  failing(key: string, message: string, fields: LogFields, options?: { level?: 'warn' | 'error'; signature?: string }): void;
  /** `key` works again, for work that began at `startedAt` (work begun before the incident proves nothing). */
  recovered(key: string, message: string, startedAt: number, fields?: LogFields): void;
}
