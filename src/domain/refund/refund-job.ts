import type { Amount } from '../money/amount.js';

/**
 * A refund of the payer through the wallet, written in the same transaction as the order's move
 * that implies it. `refundId` is the idempotency key sent to the provider on every attempt.
 * `pending` → `in_flight` → `succeeded`; `awaiting_provider` when the provider accepted it and will
 * confirm later; `failed` when attempts run out. The moves are REFUND_OUTBOX (refund-outbox.ts).
 */
export type RefundState = 'pending' | 'in_flight' | 'awaiting_provider' | 'succeeded' | 'failed';

/** Why a payer is refunded: paid too late, MixPay returned the money, or an operator decided after review. */
export type RefundKind = 'late_payment' | 'mixpay_refund' | 'review_refund';

export interface RefundJob {
  readonly refundId: string;
  readonly traceId: string;
  readonly wallet: string;
  readonly kind: RefundKind;
  readonly amount: Amount;
  readonly currency: string;
  readonly reason: string;
  readonly state: RefundState;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  readonly providerRefundId: string | null;
}

/**
 * A worker's hold on one refund, from `claimDue`: its writes carry the claim's token and change
 * the row only while that claim is the row's current one and its lease has not passed.
 */
export interface RefundClaim {
  readonly refundId: string;
  readonly leaseToken: string;
}

export interface ClaimedRefund extends RefundJob, RefundClaim {}
