import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `refunds`: a refund to the payer through the wallet, at most one per order, with its attempts and claim. */
export interface RefundRecord {
  refundId: string;
  traceId: string;
  wallet: string;
  kind: string;
  amount: string;
  currency: string;
  reason: string;
  state: string;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  leaseToken: string | null;
  lastError: string | null;
  providerRefundId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const RefundEntity = new EntitySchema<RefundRecord>({
  name: 'RefundRecord',
  tableName: 'refunds',
  properties: {
    refundId: { type: 'uuid', primary: true },
    // `unique references orders`, with the names and rules PostgreSQL gave it in m002.
    traceId: {
      kind: 'm:1',
      entity: () => 'OrderRecord',
      joinColumn: 'trace_id',
      mapToPk: true,
      unique: 'refunds_trace_id_key',
      foreignKeyName: 'refunds_trace_id_fkey',
      updateRule: 'no action',
      deleteRule: 'no action',
    },
    wallet: { type: 'string', length: 20 },
    kind: { type: 'string', length: 24 },
    amount: { type: 'decimal', precision: 38, scale: 8 },
    currency: { type: 'string', length: 32 },
    reason: { type: 'text' },
    state: { type: 'string', length: 24 },
    attempts: { type: 'integer', default: 0 },
    nextAttemptAt: { type: 'Date', columnType: 'timestamptz' },
    leaseUntil: { type: 'Date', columnType: 'timestamptz', nullable: true },
    leaseToken: { type: 'uuid', nullable: true },
    lastError: { type: 'text', nullable: true },
    providerRefundId: { type: 'text', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
  checks: [{ name: 'refunds_amount_check', expression: 'amount > 0' }],
  indexes: [{ name: 'refunds_due_idx', properties: ['state', 'nextAttemptAt'] }],
});
