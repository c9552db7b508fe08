import { Amount } from '../../domain/money/amount.js';
import type { AssetShare, NewTransfer, SettlementQueue } from '../../domain/ports/settlement-queue.port.js';
import type { ClaimedTransfer, TransferClaim, TransferJob, TransferState } from '../../domain/settlement/transfer-job.js';
import { TRANSFER_OUTBOX } from '../../domain/settlement/transfer-outbox.js';
import type { DbContext } from './db-context.js';
import type { LeaseClaim } from './lease-fence.js';
import { PgOutbox } from './pg-outbox.js';
import { TRANSFERS_CHANNEL } from './pg-transfer-notices.js';

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
  created_at: Date | string;
}

const COLUMNS = [
  'trace_id, asset_id, opponent_id, amount::text as amount, memo, state, attempts, next_attempt_at',
  'last_error, transaction_hash, lease_token::text as lease_token, created_at',
].join(', ');

/** The transfer outbox in `transfers`, one row per order paid in time, on the shared PgOutbox. */
export class PgSettlementQueue implements SettlementQueue {
  private readonly outbox: PgOutbox<typeof TRANSFER_OUTBOX, TransferRow>;

  constructor(private readonly db: DbContext) {
    this.outbox = new PgOutbox(db, { table: 'transfers', keyColumn: 'trace_id', columns: COLUMNS, machine: TRANSFER_OUTBOX });
  }

  async enqueue(t: NewTransfer, now: Date): Promise<void> {
    const row = { trace_id: t.traceId, asset_id: t.assetId, opponent_id: t.opponentId, amount: t.amount.toString(), memo: t.memo };
    // Delivered when this transaction commits, to every broker process listening (their settlement workers wake).
    if (await this.outbox.add(row, 'trace_id', now)) await this.db.em().execute(`select pg_notify(?, '')`, [TRANSFERS_CHANNEL], 'run');
  }

  async claimDue(now: Date, limit: number, leaseMs: number, perAsset?: AssetShare): Promise<ClaimedTransfer[]> {
    if (!perAsset) return (await this.outbox.claimDue(now, limit, leaseMs)).map(toClaimed);
    // One asset's backlog gets no more than its share, so another asset's transfers are not held up behind it.
    const claimed: ClaimedTransfer[] = [];
    for (const assetId of await this.outbox.dueValues('asset_id', now)) {
      const share = Math.min(perAsset.max - (perAsset.running.get(assetId) ?? 0), limit - claimed.length);
      if (share <= 0) continue;
      const rows = await this.outbox.claimDue(now, share, leaseMs, { column: 'asset_id', value: assetId });
      claimed.push(...rows.map(toClaimed));
    }
    return claimed;
  }

  renew(claim: TransferClaim, now: Date, leaseMs: number): Promise<boolean> {
    return this.outbox.renew(leaseOf(claim), now, leaseMs);
  }

  markDone(claim: TransferClaim, hash: string | null, now: Date): Promise<boolean> {
    return this.outbox.byClaim('done', leaseOf(claim), 'transaction_hash = coalesce(?, transaction_hash), last_error = null', [hash], now);
  }

  markRetry(claim: TransferClaim, error: string, nextAttemptAt: Date, now: Date): Promise<boolean> {
    return this.outbox.byClaim('retry', leaseOf(claim), 'last_error = ?, next_attempt_at = ?', [error, nextAttemptAt], now);
  }

  markFailed(claim: TransferClaim, error: string, now: Date): Promise<boolean> {
    return this.outbox.byClaim('fail', leaseOf(claim), 'last_error = ?', [error], now);
  }

  reopen(traceId: string, now: Date): Promise<boolean> {
    return this.outbox.move('reopen', traceId, 'attempts = 0, next_attempt_at = ?', [now], now);
  }

  async find(traceId: string): Promise<TransferJob | null> {
    const row = await this.outbox.findBy('trace_id', traceId);
    return row ? toJob(row) : null;
  }
}

function leaseOf(claim: TransferClaim): LeaseClaim {
  return { key: claim.traceId, leaseToken: claim.leaseToken };
}

function toClaimed(r: TransferRow): ClaimedTransfer {
  return { ...toJob(r), leaseToken: r.lease_token! };
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
    queuedAt: new Date(r.created_at),
  };
}
