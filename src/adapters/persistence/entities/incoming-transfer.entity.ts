import { EntitySchema } from '@mikro-orm/core';

/**
 * Row shape of `incoming_transfers`: each Mixin snapshot paid to the bot, once, with what the
 * broker made of it (the order it paid, or the refund code it carried).
 */
export interface IncomingTransferRecord {
  snapshotId: string;
  assetId: string;
  amount: string;
  opponentId: string;
  memo: string;
  traceId: string | null;
  refundCode: string | null;
  outcome: string;
  snapshotAt: Date;
  recordedAt: Date;
  updatedAt: Date;
}

export const IncomingTransferEntity = new EntitySchema<IncomingTransferRecord>({
  name: 'IncomingTransferRecord',
  tableName: 'incoming_transfers',
  properties: {
    snapshotId: { type: 'string', length: 64, primary: true },
    assetId: { type: 'uuid' },
    amount: { type: 'decimal', precision: 38, scale: 8 },
    opponentId: { type: 'string', length: 64 },
    memo: { type: 'text' },
    // No foreign key: the memo's trace id may name no order of ours.
    traceId: { type: 'uuid', nullable: true },
    refundCode: { type: 'string', length: 16, nullable: true },
    outcome: { type: 'string', length: 24 },
    snapshotAt: { type: 'Date', columnType: 'timestamptz' },
    recordedAt: { type: 'Date', columnType: 'timestamptz' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
  indexes: [
    {
      name: 'incoming_transfers_outcome_at_idx',
      expression: 'create index incoming_transfers_outcome_at_idx on incoming_transfers (outcome, snapshot_at desc, snapshot_id desc)',
    },
  ],
});
