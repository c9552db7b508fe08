import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `sandbox_transfers`: what the sandbox treasury "sent", so tests and operators can see it. */
export interface SandboxTransferRecord {
  requestId: string;
  assetId: string;
  opponentId: string;
  amount: string;
  memo: string;
  transactionHash: string;
  createdAt: Date;
}

export const SandboxTransferEntity = new EntitySchema<SandboxTransferRecord>({
  name: 'SandboxTransferRecord',
  tableName: 'sandbox_transfers',
  properties: {
    requestId: { type: 'uuid', primary: true },
    assetId: { type: 'uuid' },
    opponentId: { type: 'uuid' },
    amount: { type: 'decimal', precision: 38, scale: 8 },
    memo: { type: 'text' },
    transactionHash: { type: 'string', length: 64 },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
  },
});
