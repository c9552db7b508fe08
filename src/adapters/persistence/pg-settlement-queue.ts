import type { QueryResult } from '@mikro-orm/core';
import { Amount } from '../../domain/money/amount.js';
import type { AssetShare, NewTransfer, SettlementQueue } from '../../domain/ports/settlement-queue.port.js';
import type { ClaimedTransfer, TransferClaim, TransferJob, TransferState } from '../../domain/settlement/transfer-job.js';
import type { DbContext } from './db-context.js';
import { fencedUpdate, type LeasedTable } from './lease-fence.js';
import { TRANSFERS_CHANNEL } from './pg-transfer-notices.js';

const LEASED: LeasedTable = { table: 'transfers', keyColumn: 'trace_id' };

interface TransferRow {
  trace_id: string;
  asset_id: string;
  opponent_id: string;
  amount: string;
  memo: string;
  state: TransferState;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  transaction_hash: string | null;
  lease_token: string | null;
}

const COLUMNS = `trace_id, asset_id, opponent_id, amount::text as amount, memo, state, attempts, next_attempt_at, last_error, transaction_hash, lease_token::text as lease_token`;

/** Due: pending and due, or in flight under a lease that passed (its worker died or outran it). */
const DUE = `(state = 'pending' and next_attempt_at <= ?) or (state = 'in_flight' and lease_until < ?)`;

/** A finished claim: the row is no longer anyone's. */
const RELEASED = 'lease_until = null, lease_token = null';

/**
 * The transfer outbox in `transfers`; claiming uses FOR UPDATE SKIP LOCKED so workers never share a
 * job, and every write of a claim holder is fenced by the claim's token and lease.
 */
export class PgSettlementQueue implements SettlementQueue {
  constructor(private readonly db: DbContext) {}

  async enqueue(t: NewTransfer, now: Date): Promise<void> {
    await this.db.em().execute(
      `insert into transfers (trace_id, asset_id, opponent_id, amount, memo, state, attempts, next_attempt_at, created_at, updated_at)
       values (?, ?, ?, ?::numeric, ?, 'pending', 0, ?, ?, ?) on conflict (trace_id) do nothing`,
      [t.traceId, t.assetId, t.opponentId, t.amount.toString(), t.memo, now, now, now],
      'run',
    );
    // Delivered when this transaction commits, to every broker process listening (their settlement workers wake).
    await this.db.em().execute(`select pg_notify(?, '')`, [TRANSFERS_CHANNEL], 'run');
  }

  async claimDue(now: Date, limit: number, leaseMs: number, perAsset?: AssetShare): Promise<ClaimedTransfer[]> {
    if (!perAsset) return this.claim(now, limit, leaseMs, null);
    const due = await this.db.em().execute<{ asset_id: string }[]>(
      `select distinct asset_id from transfers where ${DUE}`,
      [now, now],
      'all',
    );
    const claimed: ClaimedTransfer[] = [];
    for (const { asset_id: assetId } of due) {
      const share = Math.min(perAsset.max - (perAsset.running.get(assetId) ?? 0), limit - claimed.length);
      if (share > 0) claimed.push(...(await this.claim(now, share, leaseMs, assetId)));
    }
    return claimed;
  }

  private async claim(now: Date, limit: number, leaseMs: number, assetId: string | null): Promise<ClaimedTransfer[]> {
    const rows = await this.db.em().execute<TransferRow[]>(
      `update transfers set state = 'in_flight', attempts = attempts + 1, lease_until = ?, lease_token = gen_random_uuid(), updated_at = ?
        where trace_id in (
          select trace_id from transfers
           where (${DUE})${assetId ? ' and asset_id = ?' : ''}
           order by next_attempt_at limit ? for update skip locked)
       returning ${COLUMNS}`,
      [new Date(now.getTime() + leaseMs), now, now, now, ...(assetId ? [assetId] : []), limit],
      'all',
    );
    return rows.map((r) => ({ ...toJob(r), leaseToken: r.lease_token! }));
  }

  async renew(claim: TransferClaim, now: Date, leaseMs: number): Promise<boolean> {
    return this.fenced(`lease_until = ?`, [new Date(now.getTime() + leaseMs)], claim, now);
  }

  async markDone(claim: TransferClaim, hash: string | null, now: Date): Promise<boolean> {
    return this.fenced(`state = 'done', transaction_hash = coalesce(?, transaction_hash), ${RELEASED}, last_error = null`, [hash], claim, now);
  }

  async markRetry(claim: TransferClaim, error: string, nextAttemptAt: Date, now: Date): Promise<boolean> {
    return this.fenced(`state = 'pending', last_error = ?, next_attempt_at = ?, ${RELEASED}`, [error, nextAttemptAt], claim, now);
  }

  async markFailed(claim: TransferClaim, error: string, now: Date): Promise<boolean> {
    return this.fenced(`state = 'failed', last_error = ?, ${RELEASED}`, [error], claim, now);
  }

  async reopen(traceId: string, now: Date): Promise<boolean> {
    const res = await this.db.em().execute<QueryResult>(
      `update transfers set state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? where trace_id = ? and state = 'failed'`,
      [now, now, traceId],
      'run',
    );
    return res.affectedRows > 0;
  }

  async find(traceId: string): Promise<TransferJob | null> {
    const rows = await this.db.em().execute<TransferRow[]>(`select ${COLUMNS} from transfers where trace_id = ?`, [traceId], 'all');
    return rows[0] ? toJob(rows[0]) : null;
  }

  private fenced(set: string, params: unknown[], claim: TransferClaim, now: Date): Promise<boolean> {
    return fencedUpdate(this.db, LEASED, set, params, { key: claim.traceId, leaseToken: claim.leaseToken }, now);
  }
}

function toJob(r: TransferRow): TransferJob {
  return {
    traceId: r.trace_id,
    assetId: r.asset_id,
    opponentId: r.opponent_id,
    amount: Amount.of(r.amount),
    memo: r.memo,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: new Date(r.next_attempt_at),
    lastError: r.last_error,
    transactionHash: r.transaction_hash,
  };
}
