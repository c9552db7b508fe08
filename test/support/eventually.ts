import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until it returns a value `done` accepts, or throws after `timeoutMs` with the last
 * value seen, so a test waiting on background work fails with what it found instead of hanging.
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  { timeoutMs = 5_000, intervalMs = 25, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() >= deadline) throw new Error(`${what} not reached within ${timeoutMs} ms; last seen: ${JSON.stringify(value)}`);
    await sleep(intervalMs);
  }
}
