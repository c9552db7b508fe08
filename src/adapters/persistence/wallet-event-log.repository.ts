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
      .ignore()
      .execute('run');
    return res.affectedRows > 0;
  }
}
