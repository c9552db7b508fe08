import { Amount } from '../../domain/money/amount.js';
import type { NewRefund, RefundQueue } from '../../domain/ports/refund-queue.port.js';
import type { ClaimedRefund, RefundClaim, RefundJob, RefundKind, RefundState } from '../../domain/refund/refund-job.js';
import { REFUND_OUTBOX } from '../../domain/refund/refund-outbox.js';
import type { DbContext } from './db-context.js';
import type { LeaseClaim } from './lease-fence.js';
import { PgOutbox } from './pg-outbox.js';

interface RefundRow {
  refund_id: string;
  trace_id: string;
  wallet: string;
  kind: RefundKind;
  amount: string;
  currency: string;
  reason: string;
  state: RefundState;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  provider_refund_id: string | null;
  lease_token: string | null;
}

const COLUMNS = [
  'refund_id, trace_id, wallet, kind, amount::text as amount, currency, reason, state, attempts, next_attempt_at',
  'last_error, provider_refund_id, lease_token::text as lease_token',
].join(', ');

const SUCCEEDED = 'provider_refund_id = coalesce(?, provider_refund_id), last_error = null';

/** Payer refunds in `refunds`; one per order (unique trace_id), on the shared PgOutbox like the transfer outbox. */
export class PgRefundQueue implements RefundQueue {
  private readonly outbox: PgOutbox<typeof REFUND_OUTBOX, RefundRow>;

  constructor(db: DbContext) {
    this.outbox = new PgOutbox(db, { table: 'refunds', keyColumn: 'refund_id', columns: COLUMNS, machine: REFUND_OUTBOX });
  }

  enqueue(r: NewRefund, now: Date): Promise<boolean> {
    const row = {
      refund_id: r.refundId,
      trace_id: r.traceId,
      wallet: r.wallet,
      kind: r.kind,
      amount: r.amount.toString(),
      currency: r.currency,
      reason: r.reason,
    };
    return this.outbox.add(row, 'trace_id', now);
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedRefund[]> {
    const rows = await this.outbox.claimDue(now, limit, leaseMs);
    return rows.map((r) => ({ ...toJob(r), leaseToken: r.lease_token! }));
  }

  renew(claim: RefundClaim, now: Date, leaseMs: number): Promise<boolean> {
    return this.outbox.renew(leaseOf(claim), now, leaseMs);
  }

  markSucceededByWorker(claim: RefundClaim, providerRefundId: string | null, now: Date): Promise<boolean> {
    return this.outbox.byClaim('succeed', leaseOf(claim), SUCCEEDED, [providerRefundId], now);
  }

  markAwaitingProviderByWorker(claim: RefundClaim, providerRefundId: string | null, nextCheckAt: Date, now: Date): Promise<boolean> {
    const set = 'provider_refund_id = coalesce(?, provider_refund_id), next_attempt_at = ?';
    return this.outbox.byClaim('awaitProvider', leaseOf(claim), set, [providerRefundId, nextCheckAt], now);
  }

  markRetryByWorker(claim: RefundClaim, error: string, nextAttemptAt: Date, now: Date): Promise<boolean> {
    return this.outbox.byClaim('retry', leaseOf(claim), 'last_error = ?, next_attempt_at = ?', [error, nextAttemptAt], now);
  }

  markFailedByWorker(claim: RefundClaim, error: string, now: Date): Promise<boolean> {
    return this.outbox.byClaim('fail', leaseOf(claim), 'last_error = ?', [error], now);
  }

  async markSucceeded(refundId: string, providerRefundId: string | null, now: Date): Promise<void> {
    await this.outbox.move('providerSucceeded', refundId, SUCCEEDED, [providerRefundId], now);
  }

  async markFailed(refundId: string, error: string, now: Date): Promise<void> {
    await this.outbox.move('providerFailed', refundId, 'last_error = ?', [error], now);
  }

  /** Only from failed (the table says so): a refund a worker holds, or one the provider confirmed, is not the operator's to restart. */
  reopen(refundId: string, now: Date): Promise<boolean> {
    return this.outbox.move('reopen', refundId, 'attempts = 0, next_attempt_at = ?', [now], now);
  }

  async findByTraceId(traceId: string): Promise<RefundJob | null> {
    const row = await this.outbox.findBy('trace_id', traceId);
    return row ? toJob(row) : null;
  }
}

function leaseOf(claim: RefundClaim): LeaseClaim {
  return { key: claim.refundId, leaseToken: claim.leaseToken };
}

function toJob(r: RefundRow): RefundJob {
  return {
    refundId: r.refund_id,
    traceId: r.trace_id,
    wallet: r.wallet,
    kind: r.kind,
    amount: Amount.of(r.amount),
    currency: r.currency,
    reason: r.reason,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: new Date(r.next_attempt_at),
    lastError: r.last_error,
    providerRefundId: r.provider_refund_id,
  };
}
