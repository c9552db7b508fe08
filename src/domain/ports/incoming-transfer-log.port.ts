import type { IncomingTransfer } from './mixin-treasury.port.js';

/**
 * What became of a transfer into the bot: `refund_applied` (MixPay returned an order's money),
 * `deferred` (its order is still settling; looked at again), `unmatched` (no order: kept for
 * operators), `mismatch` (the order exists but asset or amount differ), `duplicate`.
 */
export const INCOMING_OUTCOMES = ['received', 'refund_applied', 'deferred', 'unmatched', 'mismatch', 'duplicate'] as const;
export type IncomingOutcome = (typeof INCOMING_OUTCOMES)[number];

export interface RecordedIncoming {
  readonly transfer: IncomingTransfer;
  readonly outcome: IncomingOutcome;
  readonly traceId: string | null;
  readonly refundCode: string | null;
}

/** Where a page of the newest-first list ends: the next page starts strictly after it. */
export interface IncomingPageKey {
  /** The snapshot's time exactly as stored (microseconds kept), as ISO 8601 text. */
  readonly at: string;
  readonly snapshotId: string;
}

export interface IncomingPage {
  readonly transfers: readonly RecordedIncoming[];
  /** Null on the last page. */
  readonly next: IncomingPageKey | null;
}

/** Every incoming transfer once, by snapshot id, plus the polling cursor. Joins the unit of work. */
export interface IncomingTransferLog {
  /** False when this snapshot was already recorded. */
  record(transfer: IncomingTransfer, now: Date): Promise<boolean>;
  setOutcome(snapshotId: string, outcome: IncomingOutcome, traceId: string | null, refundCode: string | null, now: Date): Promise<void>;
  deferred(limit: number): Promise<IncomingTransfer[]>;
  /** Transfers with one of `outcomes`, newest first, a page of `limit` after `after`. */
  list(outcomes: readonly IncomingOutcome[], limit: number, after: IncomingPageKey | null): Promise<IncomingPage>;
  cursor(): Promise<string | null>;
  saveCursor(cursor: string | null, now: Date): Promise<void>;
}
