import type { Amount } from '../money/amount.js';

/**
 * The outbox row written in the same transaction that marks an order paid: "send `amount` of
 * `assetId` to MixPay's bot, with MixPay's trace id and memo". `pending` → `in_flight` (leased to one
 * worker) → `done`, back to `pending` after a retryable failure, `failed` when attempts run out;
 * the moves are TRANSFER_OUTBOX (transfer-outbox.ts).
 */
export type TransferState = 'pending' | 'in_flight' | 'done' | 'failed';

export interface TransferJob {
  readonly traceId: string;
  readonly assetId: string;
  readonly opponentId: string;
  readonly amount: Amount;
  readonly memo: string;
  readonly state: TransferState;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  readonly transactionHash: string | null;
  /** When the row was written: the moment the order was paid. */
  readonly queuedAt: Date;
}

/**
 * A worker's hold on one job, from `claimDue`: its writes carry the claim's token and change the
 * row only while that claim is the row's current one and its lease has not passed.
 */
export interface TransferClaim {
  readonly traceId: string;
  readonly leaseToken: string;
}

export interface ClaimedTransfer extends TransferJob, TransferClaim {}
