import type { WalletEventLog } from '../../domain/ports/wallet-event-log.port.js';
import type { WalletEvent } from '../../domain/ports/wallet-provider.port.js';
import type { DbContext } from './db-context.js';
import { WalletEventEntity } from './entities/wallet-event.entity.js';

export class MikroWalletEventLog implements WalletEventLog {
  constructor(private readonly db: DbContext) {}

  async record(wallet: string, event: WalletEvent, outcome: string): Promise<boolean> {
    const res = await this.db
      .em()
      .createQueryBuilder(WalletEventEntity)
      .insert({
        wallet,
        eventId: event.eventId,
        kind: event.kind,
        merchantTradeNo: event.merchantTradeNo,
        outcome,
        payload: { ...event, occurredAt: event.occurredAt?.toISOString() },
        receivedAt: new Date(),
      })
      .onConflict(['wallet', 'eventId'])
      .merge(['outcome'])
      .where({ outcome: 'deferred' }) // only a deferred event may be recorded again
      .execute('run');
    return res.affectedRows > 0;
  }

  async deferred(limit: number): Promise<{ wallet: string; event: WalletEvent }[]> {
    const rows = await this.db
      .em()
      .createQueryBuilder(WalletEventEntity)
      .select(['wallet', 'payload'])
      .where({ outcome: 'deferred' })
      .orderBy({ receivedAt: 'asc' })
      .limit(limit)
      .execute<{ wallet: string; payload: Record<string, unknown> }[]>('all');
    return rows.map((r) => ({ wallet: r.wallet, event: fromPayload(r.payload) }));
  }
}

/** The stored payload back into an event (dates were stored as ISO text). */
function fromPayload(p: Record<string, unknown>): WalletEvent {
  const { occurredAt, ...rest } = p as unknown as WalletEvent & { occurredAt?: string };
  return { ...rest, ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}) } as WalletEvent;
}
