import type { DbContext } from './db-context.js';

export type OutboxQueue = 'settlement' | 'refunds';

export interface OutboxStats {
  readonly queue: OutboxQueue;
  /** Rows whose work is not finished (waiting, leased, or waiting on the provider). */
  readonly depth: number;
  /** When the oldest of them was queued; null when there is none. */
  readonly oldestQueuedAt: Date | null;
}

/** Unfinished rows of each outbox (see TransferState and RefundState), in one round trip. */
const SQL = `
  select 'settlement' as queue, count(*)::text as depth, min(created_at) as oldest
    from transfers where state in ('pending', 'in_flight')
  union all
  select 'refunds', count(*)::text, min(created_at)
    from refunds where state in ('pending', 'in_flight', 'awaiting_provider')`;

/** How much work the settlement and refund outboxes hold, for monitoring (read at each scrape). */
export class PgOutboxStats {
  constructor(private readonly db: DbContext) {}

  async read(): Promise<OutboxStats[]> {
    const rows = await this.db.em().execute<{ queue: OutboxQueue; depth: string; oldest: Date | string | null }[]>(SQL, [], 'all');
    return rows.map((r) => ({ queue: r.queue, depth: Number(r.depth), oldestQueuedAt: r.oldest === null ? null : new Date(r.oldest) }));
  }
}
