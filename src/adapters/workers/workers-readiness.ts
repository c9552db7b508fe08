import type { CheckResult, ReadinessCheck } from '../../application/operations/check-readiness.query.js';
import type { WorkerHealth } from './periodic-worker.js';

/**
 * How long a worker may go without starting or finishing a step before it counts as stuck. Generous
 * on purpose: a settlement step waits for a transfer in flight to end, which against a slow Mixin can
 * take several 10 s timeouts plus the wait for free outputs, and taking a broker out of its load
 * balancer for a slow step would only make things worse.
 */
export const WORKER_STALE_AFTER_MS = (intervalMs: number): number => Math.max(10 * intervalMs, 300_000);

/** The background workers, when this broker runs them, have shown signs of life recently. */
export function workersCheck(enabled: boolean, health: () => readonly WorkerHealth[], now: () => Date): ReadinessCheck {
  return {
    name: 'workers',
    async check(): Promise<CheckResult> {
      if (!enabled) return { ok: true, detail: 'not run by this broker (workers.enabled is false)' };
      const at = now().getTime();
      const problems: string[] = [];
      for (const w of health()) {
        const limit = WORKER_STALE_AFTER_MS(w.intervalMs);
        const seconds = (d: Date) => Math.round((at - d.getTime()) / 1000);
        if (!w.started) problems.push(`${w.name} is stopped`);
        else if (w.busySince && at - w.busySince.getTime() > limit)
          problems.push(`${w.name} has been in one step for ${seconds(w.busySince)} s`);
        else if (!w.lastActivityAt || at - w.lastActivityAt.getTime() > limit + w.intervalMs) {
          problems.push(
            `${w.name} last ran ${w.lastActivityAt ? `${seconds(w.lastActivityAt)} s ago` : 'never'} (every ${w.intervalMs / 1000} s)`,
          );
        }
      }
      return problems.length > 0 ? { ok: false, reason: problems.join('; ') } : { ok: true };
    },
  };
}
