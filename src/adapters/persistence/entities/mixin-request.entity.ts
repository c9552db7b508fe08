import { EntitySchema } from '@mikro-orm/core';

/**
 * Row shape of `mixin_requests`: a transaction the broker built (a transfer under MixPay's trace id,
 * or a split or consolidation of its own outputs), stored before Mixin verifies it: `built`, then
 * `sent`, then `confirmed` once its outputs back to the bot show up in the pool.
 */
export interface MixinRequestRecord {
  requestId: string;
  assetId: string;
  kind: string;
  raw: string;
  state: string;
  ownOutputs: number;
  transactionHash: string | null;
  workedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const MixinRequestEntity = new EntitySchema<MixinRequestRecord>({
  name: 'MixinRequestRecord',
  tableName: 'mixin_requests',
  properties: {
    requestId: { type: 'uuid', primary: true },
    assetId: { type: 'uuid' },
    kind: { type: 'string', length: 16 },
    raw: { type: 'text' },
    state: { type: 'string', length: 16 },
    ownOutputs: { type: 'integer', default: 0 },
    transactionHash: { type: 'string', length: 128, nullable: true },
    workedUntil: { type: 'Date', columnType: 'timestamptz', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
  indexes: [{ name: 'mixin_requests_state_idx', properties: ['assetId', 'state'] }],
});
