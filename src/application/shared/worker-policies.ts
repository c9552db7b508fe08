import type { RetryPolicy } from '../../domain/settlement/retry-policy.js';

/** How the background steps pace themselves; from config (its schema holds the defaults). */
export interface WorkerPolicies {
  readonly transfers: RetryPolicy;
  readonly refunds: RetryPolicy;
  /** How long a claimed job belongs to one worker before another may take it over. */
  readonly leaseMs: number;
  readonly batchSize: number;
  /** Transfers of one asset in flight at once in one process (each on its own outputs). */
  readonly inFlightPerAsset: number;
  /** Wallet queries for unpaid orders, in seconds after the order was created: 1 min, 5 min, 15 min, 1 h. */
  readonly checkAfterSeconds: readonly number[];
}
