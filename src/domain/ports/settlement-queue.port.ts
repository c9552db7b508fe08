import type { Amount } from '../money/amount.js';
import type { ClaimedTransfer, TransferClaim, TransferJob } from '../settlement/transfer-job.js';

export interface NewTransfer {
  readonly traceId: string;
  readonly assetId: string;
  readonly opponentId: string;
  readonly amount: Amount;
  readonly memo: string;
}

/** At most `max` jobs per asset counting the `running` ones, so one asset's backlog cannot crowd out another's. */
export interface AssetShare {
  readonly max: number;
  readonly running: ReadonlyMap<string, number>;
}

/** The transfer outbox. `enqueue` joins the current unit of work; the others run on their own. */
export interface SettlementQueue {
  enqueue(transfer: NewTransfer, now: Date): Promise<void>;
  /**
   * Leases up to `limit` due jobs (pending and due, or in flight with an expired lease: a worker
   * died mid-transfer, or outran its lease) to the caller, counting an attempt for each, each under
   * a new claim token. Concurrent callers get disjoint jobs.
   */
  claimDue(now: Date, limit: number, leaseMs: number, perAsset?: AssetShare): Promise<ClaimedTransfer[]>;
  /*
   * The claim holder's writes. Each changes the row only while `claim` is its current claim and
   * the lease has not passed at `now`; false means the lease was lost and nothing was written.
   */
  /** Extends the lease to `now + leaseMs`, before working the job. */
  renew(claim: TransferClaim, now: Date, leaseMs: number): Promise<boolean>;
  /** A null hash keeps the one already recorded (the transfer was done under an earlier claim). */
  markDone(claim: TransferClaim, transactionHash: string | null, now: Date): Promise<boolean>;
  markRetry(claim: TransferClaim, error: string, nextAttemptAt: Date, now: Date): Promise<boolean>;
  markFailed(claim: TransferClaim, error: string, now: Date): Promise<boolean>;
  /** Operator retry of a failed transfer: pending again with a fresh attempt count. */
  reopen(traceId: string, now: Date): Promise<boolean>;
  find(traceId: string): Promise<TransferJob | null>;
}
