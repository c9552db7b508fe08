import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `wallet_events`: each verified provider event once, keyed by wallet and event id. */
export interface WalletEventRecord {
  wallet: string;
  eventId: string;
  kind: string;
  merchantTradeNo: string;
  outcome: string;
  payload: Record<string, unknown>;
  receivedAt: Date;
}

export const WalletEventEntity = new EntitySchema<WalletEventRecord>({
  name: 'WalletEventRecord',
  tableName: 'wallet_events',
  properties: {
    wallet: { type: 'string', primary: true },
    eventId: { type: 'string', primary: true },
    kind: { type: 'string' },
    merchantTradeNo: { type: 'string' },
    outcome: { type: 'string' },
    payload: { type: 'json' },
    receivedAt: { type: 'Date', columnType: 'timestamptz' },
  },
});
