import { Amount } from '../../domain/money/amount.js';
import type { BalanceLedger } from '../../domain/ports/balance-ledger.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { MixinTreasury } from '../../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../../domain/ports/notifier.port.js';

export interface SyncBalancesDeps {
  readonly treasury: MixinTreasury;
  readonly ledger: BalanceLedger;
  readonly notifier: Notifier;
  readonly log: Logger;
  /** Every asset any wallet offers. */
  readonly assetIds: () => readonly string[];
  /** Alert when the available balance of an asset falls under this. */
  readonly lowBalance: ReadonlyMap<string, Amount>;
}

/**
 * The balance-sync worker's step: copies the bot's balances and prices into the ledger (so
 * create_order never waits on Mixin) and raises an alert for any asset under its threshold.
 */
export class SyncBalances {
  constructor(private readonly d: SyncBalancesDeps) {}

  /** Always 0: there is no backlog to drain, the next sync waits for its interval. */
  async runOnce(): Promise<number> {
    const ids = this.d.assetIds();
    await this.d.ledger.recordBalances(await this.d.treasury.balances(ids));
    const holdings = await this.d.ledger.holdings(ids);
    for (const [assetId, threshold] of this.d.lowBalance) {
      const h = holdings.get(assetId);
      const available = h?.available ?? Amount.zero();
      if (available.lt(threshold)) {
        void this.d.notifier.notify({
          key: `low-balance:${assetId}`,
          severity: 'warning',
          message: `Balance of ${assetId} is low: ${available} available, threshold ${threshold}`,
          details: { asset_id: assetId, available: available.toString(), threshold: threshold.toString() },
        });
      }
    }
    return 0;
  }
}
