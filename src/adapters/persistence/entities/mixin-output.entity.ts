import { EntitySchema } from '@mikro-orm/core';

/**
 * Row shape of `mixin_outputs`: one unspent output of the bot as the broker tracks it. `state` is
 * `unspent`, `claimed` (by `request_id`: until `claimed_until` while being built, for good once the
 * request is stored), `held` (Mixin said another transaction locks it) or `spent`.
 */
export interface MixinOutputRecord {
  outputKey: string;
  assetId: string;
  kernelAsset: string;
  transactionHash: string;
  outputIndex: number;
  amount: string;
  sequence: string;
  state: string;
  requestId: string | null;
  claimedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const MixinOutputEntity = new EntitySchema<MixinOutputRecord>({
  name: 'MixinOutputRecord',
  tableName: 'mixin_outputs',
  properties: {
    outputKey: { type: 'string', length: 140, primary: true },
    assetId: { type: 'uuid' },
    kernelAsset: { type: 'string', length: 64 },
    transactionHash: { type: 'string', length: 128 },
    outputIndex: { type: 'integer' },
    amount: { type: 'decimal', precision: 38, scale: 8 },
    sequence: { type: 'bigint' },
    state: { type: 'string', length: 16 },
    requestId: { type: 'uuid', nullable: true },
    claimedUntil: { type: 'Date', columnType: 'timestamptz', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    updatedAt: { type: 'Date', columnType: 'timestamptz' },
  },
  indexes: [
    { name: 'mixin_outputs_pick_idx', properties: ['assetId', 'state', 'sequence'] },
    {
      name: 'mixin_outputs_request_idx',
      expression: 'create index mixin_outputs_request_idx on mixin_outputs (request_id) where request_id is not null',
    },
  ],
});
