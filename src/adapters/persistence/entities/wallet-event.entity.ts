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
    wallet: { type: 'string', length: 20, primary: true },
    eventId: { type: 'string', length: 255, primary: true },
    kind: { type: 'string', length: 32 },
    merchantTradeNo: { type: 'string', length: 64 },
    outcome: { type: 'string', length: 32 },
    payload: { type: 'json' },
    receivedAt: { type: 'Date', columnType: 'timestamptz' },
  },
});
