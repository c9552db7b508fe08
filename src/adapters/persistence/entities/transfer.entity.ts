import { EntitySchema } from '@mikro-orm/core';

/**
 * Row shape of `transfers`: the settlement outbox, one transfer to MixPay per order paid in time,
 * with its attempts and the claim (lease) of the worker sending it.
 */
export interface TransferRecord {
  traceId: string;
  assetId: string;
  opponentId: string;
  amount: string;
  memo: string;
  state: string;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  leaseToken: string | null;
  lastError: string | null;
  transactionHash: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const TransferEntity = new EntitySchema<TransferRecord>({
  name: 'TransferRecord',
  tableName: 'transfers',
  properties: {
    // The order's trace id is both the key and the foreign key (one transfer per order), named and ruled as m002 made it.
    traceId: {
      kind: 'm:1',
      entity: () => 'OrderRecord',
      joinColumn: 'trace_id',
      mapToPk: true,
      primary: true,
      foreignKeyName: 'transfers_trace_id_fkey',
      updateRule: 'no action',
      deleteRule: 'no action',
    },
    assetId: { type: 'uuid' },
    opponentId: { type: 'uuid' },
    amount: { type: 'decimal', precision: 38, scale: 8 },
    memo: { type: 'text' },
    state: { type: 'string', length: 16 },
    attempts: { type: 'integer', default: 0 },
    nextAttemptAt: { type: 'Date', columnType: 'timestamptz' },
    leaseUntil: { type: 'Date', columnType: 'timestamptz', nullable: true },
    leaseToken: { type: 'uuid', nullable: true },
    lastError: { type: 'text', nullable: true },
    transactionHash: { type: 'string', length: 128, nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
  checks: [{ name: 'transfers_amount_check', expression: 'amount > 0' }],
  indexes: [{ name: 'transfers_due_idx', properties: ['state', 'nextAttemptAt'] }],
});
