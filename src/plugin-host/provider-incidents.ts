import type { IncidentReporter } from '../domain/ports/incident-reporter.port.js';

/**
 * The faults of one wallet's provider, per method: a provider answering 5xx or timing out for
 * every order is one warn line when it starts, a summary per interval and one line when it
 * answers again; a plugin that throws is one error line with its stack, then counted repeats.
 */
export class ProviderIncidents {
  constructor(
    private readonly reporter: IncidentReporter,
    private readonly wallet: string,
    private readonly plugin: string,
  ) {}

  now(): number {
    return this.reporter.now();
  }

  outage(method: string, problem: string): void {
    this.reporter.failing(this.key(method), 'wallet provider unavailable', { ...this.names(), method, problem }, { signature: 'outage' });
  }

  threw(method: string, e: unknown, consecutiveFailures: number): void {
    // By kind, not message: messages carry ids, and one exception per order is still one incident.
    const signature = `threw: ${e instanceof Error ? e.name : typeof e}`;
    this.reporter.failing(
      this.key(method),
      'wallet plugin threw',
      { ...this.names(), method, err: e, consecutive_failures: consecutiveFailures },
      { level: 'error', signature },
    );
  }

  working(method: string, startedAt: number): void {
    this.reporter.recovered(this.key(method), 'wallet provider answering again', startedAt, { ...this.names(), method });
  }

  /** Named here: the report is written outside the plugin call, where the log context has no wallet. */
  private names(): { wallet: string; plugin: string } {
    return { wallet: this.wallet, plugin: this.plugin };
  }

  private key(method: string): string {
    return `wallet:${this.wallet}:${method}`;
  }
}
