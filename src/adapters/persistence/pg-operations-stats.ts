import type { OrderStatus } from '../../domain/order/order-status.js';
import type { OperationsStats, QueueBacklog } from '../../domain/ports/operations-stats.port.js';
import type { DbContext } from './db-context.js';

interface BacklogRow {
  open: string;
  oldest: Date | string | null;
  failed: string;
}

/** The dashboard's counts, each on an index: orders by (status, created_at), the queues by (state, next_attempt_at). */
export class PgOperationsStats implements OperationsStats {
  constructor(private readonly db: DbContext) {}

  async orderCounts(statuses: readonly OrderStatus[], since: Date | null): Promise<Partial<Record<OrderStatus, number>>> {
    if (statuses.length === 0) return {};
    const rows = await this.db.em().execute<{ status: OrderStatus; n: string }[]>(
      `select status, count(*)::text as n from orders
        where status in (${statuses.map(() => '?').join(', ')}) ${since ? 'and created_at >= ?' : ''}
        group by status`,
      [...statuses, ...(since ? [since] : [])],
      'all',
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  settlementBacklog(): Promise<QueueBacklog> {
    return this.backlog('transfers', ['pending', 'in_flight']);
  }

  refundBacklog(): Promise<QueueBacklog> {
    return this.backlog('refunds', ['pending', 'in_flight', 'awaiting_provider']);
  }

  private async backlog(table: 'transfers' | 'refunds', open: readonly string[]): Promise<QueueBacklog> {
    const list = open.map(() => '?').join(', ');
    const rows = await this.db.em().execute<BacklogRow[]>(
      `select (select count(*) from ${table} where state in (${list}))::text as open,
              (select min(created_at) from ${table} where state in (${list})) as oldest,
              (select count(*) from ${table} where state = 'failed')::text as failed`,
      [...open, ...open],
      'all',
    );
    const r = rows[0]!;
    return { open: Number(r.open), oldestQueuedAt: r.oldest ? new Date(r.oldest) : null, failed: Number(r.failed) };
  }
}
