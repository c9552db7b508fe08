import type { QueryResult } from '@mikro-orm/core';
import { Amount } from '../../domain/money/amount.js';
import type { IncomingOutcome, IncomingPage, IncomingPageKey, IncomingTransferLog } from '../../domain/ports/incoming-transfer-log.port.js';
import type { IncomingTransfer } from '../../domain/ports/mixin-treasury.port.js';
import type { DbContext } from './db-context.js';

interface IncomingRow {
  snapshot_id: string;
  asset_id: string;
  amount: string;
  opponent_id: string;
  memo: string;
  trace_id: string | null;
  refund_code: string | null;
  outcome: IncomingOutcome;
  snapshot_at: Date | string;
  /** snapshot_at to the microsecond, for a page key (a JS Date keeps milliseconds only). */
  at_key?: string;
}

const CURSOR = 'incoming';
const COLUMNS = `snapshot_id, asset_id, amount::text as amount, opponent_id, memo, trace_id, refund_code, outcome, snapshot_at`;

/** `incoming_transfers` (each snapshot once) and the polling cursor in `treasury_cursors`. */
export class PgIncomingTransferLog implements IncomingTransferLog {
  constructor(private readonly db: DbContext) {}

  async record(t: IncomingTransfer, now: Date): Promise<boolean> {
    const res = await this.db.em().execute<QueryResult>(
      `insert into incoming_transfers (snapshot_id, asset_id, amount, opponent_id, memo, outcome, snapshot_at, recorded_at, updated_at)
       values (?, ?, ?::numeric, ?, ?, 'received', ?, ?, ?) on conflict (snapshot_id) do nothing`,
      [t.snapshotId, t.assetId, t.amount.toString(), t.opponentId, t.memo, t.createdAt, now, now],
      'run',
    );
    return res.affectedRows > 0;
  }

  async setOutcome(
    snapshotId: string,
    outcome: IncomingOutcome,
    traceId: string | null,
    refundCode: string | null,
    now: Date,
  ): Promise<void> {
    await this.db
      .em()
      .execute(
        `update incoming_transfers set outcome = ?, trace_id = ?, refund_code = ?, updated_at = ? where snapshot_id = ?`,
        [outcome, traceId, refundCode, now, snapshotId],
        'run',
      );
  }

  async deferred(limit: number): Promise<IncomingTransfer[]> {
    const rows = await this.db
      .em()
      .execute<IncomingRow[]>(
        `select ${COLUMNS} from incoming_transfers where outcome = 'deferred' order by snapshot_at limit ?`,
        [limit],
        'all',
      );
    return rows.map(toTransfer);
  }

  async list(outcomes: readonly IncomingOutcome[], limit: number, after: IncomingPageKey | null): Promise<IncomingPage> {
    if (outcomes.length === 0) return { transfers: [], next: null };
    const keyset = after ? 'and (snapshot_at, snapshot_id) < (?::timestamptz, ?)' : '';
    // One row beyond the page says whether there is a next one.
    const rows = await this.db.em().execute<IncomingRow[]>(
      `select ${COLUMNS}, to_char(snapshot_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_key
         from incoming_transfers where outcome in (${outcomes.map(() => '?').join(',')}) ${keyset}
        order by snapshot_at desc, snapshot_id desc limit ?`,
      [...outcomes, ...(after ? [after.at, after.snapshotId] : []), limit + 1],
      'all',
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      transfers: page.map((r) => ({ transfer: toTransfer(r), outcome: r.outcome, traceId: r.trace_id, refundCode: r.refund_code })),
      next: rows.length > limit && last ? { at: last.at_key!, snapshotId: last.snapshot_id } : null,
    };
  }

  async cursor(): Promise<string | null> {
    const rows = await this.db
      .em()
      .execute<{ cursor: string | null }[]>(`select cursor from treasury_cursors where name = ?`, [CURSOR], 'all');
    return rows[0]?.cursor ?? null;
  }

  async saveCursor(cursor: string | null, now: Date): Promise<void> {
    await this.db.em().execute(
      `insert into treasury_cursors (name, cursor, updated_at) values (?, ?, ?)
       on conflict (name) do update set cursor = excluded.cursor, updated_at = excluded.updated_at`,
      [CURSOR, cursor, now],
      'run',
    );
  }
}

function toTransfer(r: IncomingRow): IncomingTransfer {
  return {
    snapshotId: r.snapshot_id,
    assetId: r.asset_id,
    amount: Amount.of(r.amount),
    opponentId: r.opponent_id,
    memo: r.memo,
    createdAt: new Date(r.snapshot_at),
  };
}
