export type LogFields = Record<string, unknown>;

/** The structured logger a plugin writes to; the host adds the request id, the trace id and the wallet. */
export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  child(fields: LogFields): Logger;
}
