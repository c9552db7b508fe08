/** One thing the broker needs to serve: the database, its schema, the plugins, the workers. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with what was found; rejects (or answers `ok: false`) when it is not ready. */
  check(): Promise<CheckResult>;
}

export type CheckResult = { readonly ok: true; readonly detail?: unknown } | { readonly ok: false; readonly reason: string };

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; reason?: string; detail?: unknown }>;
}

export interface CheckReadinessDeps {
  readonly checks: readonly ReadinessCheck[];
  /** A check that takes longer has failed: a readiness probe must answer even when the database hangs. */
  readonly timeoutMs: number;
}

/** Whether this broker can serve now, and if not, every reason why (all checks run, side by side). */
export class CheckReadiness {
  constructor(private readonly d: CheckReadinessDeps) {}

  async execute(): Promise<ReadinessReport> {
    const results = await Promise.all(this.d.checks.map((c) => this.run(c)));
    const checks = Object.fromEntries(
      this.d.checks.map((c, i) => {
        const r = results[i]!;
        return [c.name, r.ok ? { ok: true, ...(r.detail !== undefined ? { detail: r.detail } : {}) } : { ok: false, reason: r.reason }];
      }),
    );
    return { ready: results.every((r) => r.ok), checks };
  }

  private async run(c: ReadinessCheck): Promise<CheckResult> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${this.d.timeoutMs} ms` }), this.d.timeoutMs);
    });
    try {
      return await Promise.race([c.check(), timeout]);
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    } finally {
      clearTimeout(timer);
    }
  }
}
