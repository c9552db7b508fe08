import type { SafeUtxoOutput } from '@mixin.dev/mixin-node-sdk';
import type { OutputPool, PoolOutput } from '../../../domain/ports/output-pool.port.js';
import { TransferError } from './mixin-errors.js';
import type { MixinConnection } from './mixin-client.js';
import { kernelAssetId, ownOutputs } from './safe-outputs.js';

/** Outputs are listed at most this often per asset by one process, however many transfers wait. */
const MIN_SYNC_INTERVAL_MS = 150;
/** How long after an asset's last send its outputs are still listed in the background. */
const FOLLOW_FOR_MS = 3_000;

/** An output as the pool keeps it. `asset` may be missing: then `kernel_asset_id`, then the hash of the UUID. */
export function toPoolOutput(o: SafeUtxoOutput): PoolOutput {
  const assetId = o.asset_id.toLowerCase();
  const kernelAsset = (o.asset || o.kernel_asset_id || kernelAssetId(assetId)).toLowerCase();
  return {
    key: `${o.transaction_hash}:${o.output_index}`,
    assetId,
    kernelAsset,
    transactionHash: o.transaction_hash,
    outputIndex: o.output_index,
    amount: o.amount,
    sequence: o.sequence,
  };
}

/**
 * Brings new unspent outputs of an asset (change, splits, deposits) into the pool: Mixin lists them
 * from the highest sequence the pool has seen, so a sync reads only what is new. One listing per
 * asset at a time; callers arriving meanwhile share it.
 */
export class PoolSync {
  private readonly running = new Map<string, Promise<number>>();
  private readonly lastAt = new Map<string, number>();
  private readonly followUntil = new Map<string, number>();

  constructor(
    private readonly conn: MixinConnection,
    private readonly pool: OutputPool,
    private readonly onNew: (assetId: string) => void,
    /** Background listing period while transactions of an asset are being sent; 0: none. */
    private readonly listEveryMs = 0,
  ) {}

  /**
   * A transaction of `assetId` with outputs back to the bot was just sent: its outputs are listed
   * every `listEveryMs` until a while after the last such send, so change and split pieces join the
   * pool as soon as Mixin shows them, before a transfer finds the pool empty and has to wait.
   */
  follow(assetId: string): void {
    if (this.listEveryMs <= 0) return;
    const following = this.followUntil.has(assetId);
    this.followUntil.set(assetId, Date.now() + FOLLOW_FOR_MS);
    if (following) return;
    const tick = () => {
      if (Date.now() > (this.followUntil.get(assetId) ?? 0)) {
        this.followUntil.delete(assetId);
        return;
      }
      // A failed listing is the waiting transfers' business (they list again); this one just goes on.
      void this.sync(assetId)
        .catch(() => 0)
        .finally(() => setTimeout(tick, this.listEveryMs).unref());
    };
    setTimeout(tick, this.listEveryMs).unref();
  }

  /** New outputs added; 0 also when a listing ran too recently (unless `force`). */
  sync(assetId: string, force = false): Promise<number> {
    const busy = this.running.get(assetId);
    if (busy) return busy;
    if (!force && Date.now() - (this.lastAt.get(assetId) ?? 0) < MIN_SYNC_INTERVAL_MS) return Promise.resolve(0);
    const run = this.list(assetId).finally(() => {
      this.running.delete(assetId);
      this.lastAt.set(assetId, Date.now());
    });
    this.running.set(assetId, run);
    return run;
  }

  private async list(assetId: string): Promise<number> {
    const from = await this.pool.lastSequence(assetId);
    let added = 0;
    for await (const page of ownOutputs(
      this.conn,
      { state: 'unspent', assetId, ...(from === null ? {} : { fromSequence: from }) },
      TransferError,
    )) {
      added += await this.pool.absorb(page.map(toPoolOutput), new Date());
    }
    if (added > 0) this.onNew(assetId);
    return added;
  }
}
