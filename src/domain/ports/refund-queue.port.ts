import type { Amount } from '../money/amount.js';
import type { ClaimedRefund, RefundClaim, RefundJob, RefundKind } from '../refund/refund-job.js';

export interface NewRefund {
  readonly refundId: string;
  readonly traceId: string;
  readonly wallet: string;
  readonly kind: RefundKind;
  readonly amount: Amount;
  readonly currency: string;
  readonly reason: string;
}

/** Refunds of payers through their wallet. `enqueue` joins the current unit of work. */
export interface RefundQueue {
  /** False when the order already has a refund: a payer is refunded once. */
  enqueue(refund: NewRefund, now: Date): Promise<boolean>;
  /** Leases up to `limit` due refunds to the caller under new claim tokens, as the transfer outbox does. */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedRefund[]>;
  /*
   * The claim holder's writes. Each changes the row only while `claim` is its current claim and
   * the lease has not passed at `now`; false means the lease was lost and nothing was written.
   */
  /** Extends the lease to `now + leaseMs`, before working the refund. */
  renew(claim: RefundClaim, now: Date, leaseMs: number): Promise<boolean>;
  markSucceededByWorker(claim: RefundClaim, providerRefundId: string | null, now: Date): Promise<boolean>;
  markAwaitingProviderByWorker(claim: RefundClaim, providerRefundId: string | null, nextCheckAt: Date, now: Date): Promise<boolean>;
  markRetryByWorker(claim: RefundClaim, error: string, nextAttemptAt: Date, now: Date): Promise<boolean>;
  markFailedByWorker(claim: RefundClaim, error: string, now: Date): Promise<boolean>;
  /*
   * The provider's own word on a refund (its webhook): final whoever holds a claim, which it ends,
   * so a worker still asking the provider cannot overwrite it.
   */
  markSucceeded(refundId: string, providerRefundId: string | null, now: Date): Promise<void>;
  markFailed(refundId: string, error: string, now: Date): Promise<void>;
  /** Operator retry of a refund that failed for good: pending again, due now, with a fresh attempt count. */
  reopen(refundId: string, now: Date): Promise<boolean>;
  findByTraceId(traceId: string): Promise<RefundJob | null>;
}
