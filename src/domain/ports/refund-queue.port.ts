import type { Amount } from '../money/amount.js';
import type { RefundJob, RefundKind } from '../refund/refund-job.js';

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
  claimDue(now: Date, limit: number, leaseMs: number): Promise<RefundJob[]>;
  markSucceeded(refundId: string, providerRefundId: string | null, now: Date): Promise<void>;
  markAwaitingProvider(refundId: string, providerRefundId: string | null, nextCheckAt: Date, now: Date): Promise<void>;
  markRetry(refundId: string, error: string, nextAttemptAt: Date, now: Date): Promise<void>;
  markFailed(refundId: string, error: string, now: Date): Promise<void>;
  findByTraceId(traceId: string): Promise<RefundJob | null>;
}
