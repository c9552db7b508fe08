export interface Alert {
  /** Alerts with the same key are rate-limited together. */
  readonly key: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly message: string;
  readonly details?: Readonly<Record<string, string>>;
}

/** Tells operators something needs their attention. */
export interface Notifier {
  notify(alert: Alert): Promise<void>;
}
