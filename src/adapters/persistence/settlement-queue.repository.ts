import type { QueryResult } from '@mikro-orm/core';
import { Amount } from '../../domain/money/amount.js';
import type { NewTransfer, SettlementQueue } from '../../domain/ports/settlement-queue.port.js';
import type { TransferJob, TransferState } from '../../domain/settlement/transfer-job.js';
import type { DbContext } from './db-context.js';

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
}

const COLUMNS = `trace_id, asset_id, opponent_id, amount::text as amount, memo, state, attempts, next_attempt_at, last_error, transaction_hash`;

/** The transfer outbox in `transfers`; claiming uses FOR UPDATE SKIP LOCKED so workers never share a job. */
export class PgSettlementQueue implements SettlementQueue {
  constructor(private readonly db: DbContext) {}

  async enqueue(t: NewTransfer, now: Date): Promise<void> {
    await this.db.em().execute(
      `insert into transfers (trace_id, asset_id, opponent_id, amount, memo, state, attempts, next_attempt_at, created_at, updated_at)
       values (?, ?, ?, ?::numeric, ?, 'pending', 0, ?, ?, ?) on conflict (trace_id) do nothing`,
      [t.traceId, t.assetId, t.opponentId, t.amount.toString(), t.memo, now, now, now],
      'run',
    );
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<TransferJob[]> {
    const rows = await this.db.em().execute<TransferRow[]>(
      `update transfers set state = 'in_flight', attempts = attempts + 1, lease_until = ?, updated_at = ?
        where trace_id in (
          select trace_id from transfers
           where (state = 'pending' and next_attempt_at <= ?) or (state = 'in_flight' and lease_until < ?)
           order by next_attempt_at limit ? for update skip locked)
       returning ${COLUMNS}`,
      [new Date(now.getTime() + leaseMs), now, now, now, limit],
      'all',
    );
    return rows.map(toJob);
  }

  async markDone(traceId: string, hash: string, now: Date): Promise<void> {
    await this.update(`state = 'done', transaction_hash = ?, lease_until = null, last_error = null`, [hash], traceId, now);
  }

  async markRetry(traceId: string, error: string, nextAttemptAt: Date, now: Date): Promise<void> {
    await this.update(`state = 'pending', last_error = ?, next_attempt_at = ?, lease_until = null`, [error, nextAttemptAt], traceId, now);
  }

  async markFailed(traceId: string, error: string, now: Date): Promise<void> {
    await this.update(`state = 'failed', last_error = ?, lease_until = null`, [error], traceId, now);
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

  private async update(set: string, params: unknown[], traceId: string, now: Date): Promise<void> {
    await this.db.em().execute(`update transfers set ${set}, updated_at = ? where trace_id = ?`, [...params, now, traceId], 'run');
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
