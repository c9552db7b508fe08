export type LogFields = Record<string, unknown>;

/** The structured logger as the core sees it; the adapter adds request id, trace id and wallet. */
export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  child(fields: LogFields): Logger;
}
