import type { AssetHolding, BalanceLedger } from '../../domain/ports/balance-ledger.port.js';

/**
 * assets/range's view of the balances: an in-process copy of every asset's holding, so a range answer
 * costs no database round trip. It is reloaded (one SELECT, shared by every caller waiting) when this
 * process changed a balance or a reservation (`invalidate`, called by the ledger and the order
 * admission after their writes), and otherwise when older than `maxAgeMs`, which bounds how stale a
 * change made by another process can be. `max` in a range is advisory; create_order's reservation is the check.
 */
export class HoldingsSnapshot implements Pick<BalanceLedger, 'holdings'> {
  private snapshot: Map<string, AssetHolding> | null = null;
  private loadedAt = 0;
  private generation = 0;
  private loading: Promise<Map<string, AssetHolding>> | null = null;

  constructor(
    private readonly load: () => Promise<Map<string, AssetHolding>>,
    private readonly maxAgeMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  invalidate(): void {
    this.generation += 1;
  }

  async holdings(assetIds: readonly string[]): Promise<Map<string, AssetHolding>> {
    return this.pick(await this.current(), assetIds);
  }

  /** The holdings when the snapshot is current (no reload due), else null. */
  holdingsIfCurrent(assetIds: readonly string[]): Map<string, AssetHolding> | null {
    return this.isCurrent() ? this.pick(this.snapshot!, assetIds) : null;
  }

  private isCurrent(): boolean {
    return this.snapshot !== null && this.loadedGeneration === this.generation && this.now() - this.loadedAt < this.maxAgeMs;
  }

  private pick(all: Map<string, AssetHolding>, assetIds: readonly string[]): Map<string, AssetHolding> {
    const result = new Map<string, AssetHolding>();
    for (const id of assetIds) {
      const h = all.get(id);
      if (h) result.set(id, h);
    }
    return result;
  }

  private current(): Promise<Map<string, AssetHolding>> {
    if (this.isCurrent()) return Promise.resolve(this.snapshot!);
    return (this.loading ??= this.reload());
  }

  private loadedGeneration = -1;

  private async reload(): Promise<Map<string, AssetHolding>> {
    // A write after this point (even one not committed yet) leaves the generation ahead, so the next call reloads.
    const generation = this.generation;
    const started = this.now();
    try {
      const loaded = await this.load();
      this.snapshot = loaded;
      this.loadedAt = started;
      this.loadedGeneration = generation;
      return loaded;
    } finally {
      this.loading = null;
    }
  }
}
