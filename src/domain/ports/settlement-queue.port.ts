import type { Amount } from '../money/amount.js';
import type { TransferJob } from '../settlement/transfer-job.js';

export interface NewTransfer {
  readonly traceId: string;
  readonly assetId: string;
  readonly opponentId: string;
  readonly amount: Amount;
  readonly memo: string;
}

/** The transfer outbox. `enqueue` joins the current unit of work; the others run on their own. */
export interface SettlementQueue {
  enqueue(transfer: NewTransfer, now: Date): Promise<void>;
  /**
   * Leases up to `limit` due jobs (pending and due, or in flight with an expired lease: a worker
   * died mid-transfer) to the caller, counting an attempt for each. Concurrent callers get
   * disjoint jobs.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<TransferJob[]>;
  markDone(traceId: string, transactionHash: string, now: Date): Promise<void>;
  markRetry(traceId: string, error: string, nextAttemptAt: Date, now: Date): Promise<void>;
  markFailed(traceId: string, error: string, now: Date): Promise<void>;
  /** Operator retry of a failed transfer: pending again with a fresh attempt count. */
  reopen(traceId: string, now: Date): Promise<boolean>;
  find(traceId: string): Promise<TransferJob | null>;
}
