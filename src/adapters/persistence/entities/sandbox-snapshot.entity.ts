import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `sandbox_snapshots`: transfers "received" by the sandbox treasury, in arrival order (`seq`). */
export interface SandboxSnapshotRecord {
  seq?: string;
  snapshotId: string;
  assetId: string;
  amount: string;
  opponentId: string;
  memo: string;
  createdAt: Date;
}

export const SandboxSnapshotEntity = new EntitySchema<SandboxSnapshotRecord>({
  name: 'SandboxSnapshotRecord',
  tableName: 'sandbox_snapshots',
  properties: {
    seq: { type: 'bigint', primary: true, autoincrement: true },
    // PostgreSQL's own name for m002's inline `unique`.
    snapshotId: { type: 'uuid', unique: 'sandbox_snapshots_snapshot_id_key' },
    assetId: { type: 'uuid' },
    amount: { type: 'decimal', precision: 38, scale: 8 },
    opponentId: { type: 'string', length: 64 },
    memo: { type: 'text' },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
  },
});
