import type { RouteName } from './routes.js';

/**
 * What an endpoint does instead of answering normally, once per planned call:
 * - `error`: refuse without touching the books (HTTP 202 + Mixin error body, or a real 5xx);
 * - `delay`: do the work, then answer `ms` late;
 * - `lose-answer`: do the work, then never answer — `hang` until the client times out, `reset`
 *   the connection. "The request reached Mixin but the answer was lost."
 */
export type Fault =
  | { readonly kind: 'error'; readonly code: number; readonly httpStatus: number; readonly description: string }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'lose-answer'; readonly mode: 'hang' | 'reset' };

const DESCRIPTIONS: Record<number, string> = {
  500: 'Internal Server Error',
  10002: 'The request data has invalid field.',
  10105: 'The transaction is locked by another transaction.',
  20117: 'Insufficient balance.',
  20150: 'Invalid receivers.',
};

/** Faults queued per endpoint, consumed in order; plus a latency every request pays. */
export class FaultPlan {
  private readonly queues = new Map<RouteName, Fault[]>();
  /** Added to every request before it is handled, to make the fake as slow as a real network. */
  latencyMs = 0;

  failNext(route: RouteName, code: number, opts: { times?: number; httpStatus?: number; description?: string } = {}): this {
    const fault: Fault = {
      kind: 'error',
      code,
      httpStatus: opts.httpStatus ?? 202,
      description: opts.description ?? DESCRIPTIONS[code] ?? 'error',
    };
    return this.queue(route, fault, opts.times ?? 1);
  }

  delayNext(route: RouteName, ms: number, times = 1): this {
    return this.queue(route, { kind: 'delay', ms }, times);
  }

  loseAnswer(route: RouteName, opts: { times?: number; mode?: 'hang' | 'reset' } = {}): this {
    return this.queue(route, { kind: 'lose-answer', mode: opts.mode ?? 'hang' }, opts.times ?? 1);
  }

  take(route: RouteName): Fault | null {
    return this.queues.get(route)?.shift() ?? null;
  }

  pending(route: RouteName): number {
    return this.queues.get(route)?.length ?? 0;
  }

  clear(): void {
    this.queues.clear();
    this.latencyMs = 0;
  }

  private queue(route: RouteName, fault: Fault, times: number): this {
    const q = this.queues.get(route) ?? [];
    for (let i = 0; i < times; i++) q.push(fault);
    this.queues.set(route, q);
    return this;
  }
}
