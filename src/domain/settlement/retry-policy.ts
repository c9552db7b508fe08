/** How long to wait before attempt `n + 1` after `n` failures: exponential, capped, with jitter. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Full jitter keeps many failing jobs from retrying in lock-step against a recovering service.
 * `random` is injectable so tests can pin it.
 */
export function nextAttemptDelayMs(policy: RetryPolicy, failures: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

export function attemptsExhausted(policy: RetryPolicy, attempts: number): boolean {
  return attempts >= policy.maxAttempts;
}
