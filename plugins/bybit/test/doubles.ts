import type { Clock, LogFields, Logger, PluginStore } from '@mixpay-broker/plugin-api';

/* The host's services as tests need them: an in-memory store, a logger that keeps its lines, a settable clock. */

/** JSON round trip on every put and get, so a test notices anything a durable store would not keep. */
export class MemoryStore implements PluginStore {
  readonly data = new Map<string, string>();
  async get<T>(key: string): Promise<T | null> {
    const text = this.data.get(key);
    return text === undefined ? null : (JSON.parse(text) as T);
  }
  async put(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value));
  }
  async putIfAbsent(key: string, value: unknown): Promise<boolean> {
    if (this.data.has(key)) return false;
    this.data.set(key, JSON.stringify(value));
    return true;
  }
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: LogFields;
  readonly message: string;
}

export class CollectingLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly base: LogFields = {},
  ) {}
  debug(fields: LogFields, message: string): void {
    this.lines.push({ level: 'debug', fields: { ...this.base, ...fields }, message });
  }
  info(fields: LogFields, message: string): void {
    this.lines.push({ level: 'info', fields: { ...this.base, ...fields }, message });
  }
  warn(fields: LogFields, message: string): void {
    this.lines.push({ level: 'warn', fields: { ...this.base, ...fields }, message });
  }
  error(fields: LogFields, message: string): void {
    this.lines.push({ level: 'error', fields: { ...this.base, ...fields }, message });
  }
  child(fields: LogFields): Logger {
    return new CollectingLogger(this.lines, { ...this.base, ...fields });
  }
  /** Every line as one text, for "this never appears" checks. */
  text(): string {
    return this.lines.map((line) => `${line.message} ${JSON.stringify(line.fields)}`).join('\n');
  }
}

export class TestClock implements Clock {
  constructor(private current = new Date('2025-06-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
  unixSeconds(): number {
    return Math.floor(this.current.getTime() / 1000);
  }
}
