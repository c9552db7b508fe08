import type { QueryResult } from '@mikro-orm/core';
import { Amount } from '../../domain/money/amount.js';
import type { NewRefund, RefundQueue } from '../../domain/ports/refund-queue.port.js';
import type { ClaimedRefund, RefundClaim, RefundJob, RefundKind, RefundState } from '../../domain/refund/refund-job.js';
import type { DbContext } from './db-context.js';
import { fencedUpdate, type LeasedTable } from './lease-fence.js';

const LEASED: LeasedTable = { table: 'refunds', keyColumn: 'refund_id' };

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

const COLUMNS = `refund_id, trace_id, wallet, kind, amount::text as amount, currency, reason, state, attempts, next_attempt_at, last_error, provider_refund_id, lease_token::text as lease_token`;

/** A finished claim: the row is no longer anyone's. */
const RELEASED = 'lease_until = null, lease_token = null';
const SUCCEEDED = `state = 'succeeded', provider_refund_id = coalesce(?, provider_refund_id), last_error = null`;
const FAILED = `state = 'failed', last_error = ?`;

/** Payer refunds in `refunds`; one per order (unique trace_id), claimed and fenced like the transfer outbox. */
export class PgRefundQueue implements RefundQueue {
  constructor(private readonly db: DbContext) {}

  async enqueue(r: NewRefund, now: Date): Promise<boolean> {
    const res = await this.db.em().execute<QueryResult>(
      `insert into refunds (refund_id, trace_id, wallet, kind, amount, currency, reason, state, attempts, next_attempt_at, created_at, updated_at)
       values (?, ?, ?, ?, ?::numeric, ?, ?, 'pending', 0, ?, ?, ?) on conflict (trace_id) do nothing`,
      [r.refundId, r.traceId, r.wallet, r.kind, r.amount.toString(), r.currency, r.reason, now, now, now],
      'run',
    );
    return res.affectedRows > 0;
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedRefund[]> {
    const rows = await this.db.em().execute<RefundRow[]>(
      `update refunds set state = 'in_flight', attempts = attempts + 1, lease_until = ?, lease_token = gen_random_uuid(), updated_at = ?
        where refund_id in (
          select refund_id from refunds
           where (state in ('pending', 'awaiting_provider') and next_attempt_at <= ?) or (state = 'in_flight' and lease_until < ?)
           order by next_attempt_at limit ? for update skip locked)
       returning ${COLUMNS}`,
      [new Date(now.getTime() + leaseMs), now, now, now, limit],
      'all',
    );
    return rows.map((r) => ({ ...toJob(r), leaseToken: r.lease_token! }));
  }

  async renew(claim: RefundClaim, now: Date, leaseMs: number): Promise<boolean> {
    return this.fenced(`lease_until = ?`, [new Date(now.getTime() + leaseMs)], claim, now);
  }

  async markSucceededByWorker(claim: RefundClaim, providerRefundId: string | null, now: Date): Promise<boolean> {
    return this.fenced(`${SUCCEEDED}, ${RELEASED}`, [providerRefundId], claim, now);
  }

  async markAwaitingProviderByWorker(claim: RefundClaim, providerRefundId: string | null, nextCheckAt: Date, now: Date): Promise<boolean> {
    return this.fenced(
      `state = 'awaiting_provider', provider_refund_id = coalesce(?, provider_refund_id), next_attempt_at = ?, ${RELEASED}`,
      [providerRefundId, nextCheckAt],
      claim,
      now,
    );
  }

  async markRetryByWorker(claim: RefundClaim, error: string, nextAttemptAt: Date, now: Date): Promise<boolean> {
    return this.fenced(`state = 'pending', last_error = ?, next_attempt_at = ?, ${RELEASED}`, [error, nextAttemptAt], claim, now);
  }

  async markFailedByWorker(claim: RefundClaim, error: string, now: Date): Promise<boolean> {
    return this.fenced(`${FAILED}, ${RELEASED}`, [error], claim, now);
  }

  async markSucceeded(refundId: string, providerRefundId: string | null, now: Date): Promise<void> {
    await this.unfenced(`${SUCCEEDED}, ${RELEASED}`, [providerRefundId], refundId, now);
  }

  async markFailed(refundId: string, error: string, now: Date): Promise<void> {
    await this.unfenced(`${FAILED}, ${RELEASED}`, [error], refundId, now);
  }

  async reopen(refundId: string, now: Date): Promise<boolean> {
    // Only from failed: a refund a worker holds, or one the provider confirmed, is not the operator's to restart.
    const res = await this.db.em().execute<QueryResult>(
      `update refunds set state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? where refund_id = ? and state = 'failed'`,
      [now, now, refundId],
      'run',
    );
    return res.affectedRows > 0;
  }

  async findByTraceId(traceId: string): Promise<RefundJob | null> {
    const rows = await this.db.em().execute<RefundRow[]>(`select ${COLUMNS} from refunds where trace_id = ?`, [traceId], 'all');
    return rows[0] ? toJob(rows[0]) : null;
  }

  private fenced(set: string, params: unknown[], claim: RefundClaim, now: Date): Promise<boolean> {
    return fencedUpdate(this.db, LEASED, set, params, { key: claim.refundId, leaseToken: claim.leaseToken }, now);
  }

  private async unfenced(set: string, params: unknown[], refundId: string, now: Date): Promise<void> {
    await this.db.em().execute(`update refunds set ${set}, updated_at = ? where refund_id = ?`, [...params, now, refundId], 'run');
  }
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
