import type { AssetHolding } from '../../domain/ports/balance-ledger.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { OutboxStats } from '../persistence/pg-outbox-stats.js';
import type { BrokerSeries } from './broker-registry.js';
import { WALLET_GAUGE_STATES, type WalletGaugeState } from './wallet-gauge-state.js';

/** Where the gauges read at scrape time come from (the composition root binds them). */
export interface ScrapeSources {
  readonly outbox: () => Promise<readonly OutboxStats[]>;
  /** The ledger's balances of the configured assets. */
  readonly holdings: () => Promise<ReadonlyMap<string, AssetHolding>>;
  readonly wallets: () => readonly { readonly wallet: string; readonly state: WalletGaugeState }[];
  readonly isConfiguredWallet: (wallet: string) => boolean;
  readonly now: () => Date;
}

/**
 * Prometheus values are floats: a decimal amount becomes one here, at the exposition and nowhere
 * else. A gauge is for watching and alerting, never for sums that move money.
 */
const exposed = (amount: { toString(): string }): number => Number(amount.toString());

/** Sets the gauges read at scrape: outbox depth and age, ledger balances, wallet states. */
export async function readScrapeGauges(series: BrokerSeries, sources: ScrapeSources, log: Logger): Promise<void> {
  setWalletStates(series, sources);
  try {
    const [outbox, holdings] = await Promise.all([sources.outbox(), sources.holdings()]);
    const now = sources.now().getTime();
    // Reset first: an asset dropped from the config, or a drained queue, leaves no stale series.
    for (const g of [series.outboxDepth, series.outboxOldestAge, series.assetBalance, series.assetReserved, series.assetAvailable]) {
      g.reset();
    }
    for (const q of outbox) {
      series.outboxDepth.set({ queue: q.queue }, q.depth);
      series.outboxOldestAge.set({ queue: q.queue }, q.oldestQueuedAt ? Math.max(0, now - q.oldestQueuedAt.getTime()) / 1000 : 0);
    }
    for (const h of holdings.values()) {
      series.assetBalance.set({ asset_id: h.assetId }, exposed(h.balance));
      series.assetReserved.set({ asset_id: h.assetId }, exposed(h.reserved));
      series.assetAvailable.set({ asset_id: h.assetId }, exposed(h.available));
    }
    series.databaseScrapeUp.set(1);
  } catch (e) {
    // The database being away is reported by the workers and requests; a scrape says so in a series.
    series.databaseScrapeUp.set(0);
    log.debug({ problem: (e as Error).message }, 'metrics: the database-backed series could not be read');
  }
}

function setWalletStates(series: BrokerSeries, sources: ScrapeSources): void {
  series.walletState.reset(); // a wallet removed by a reload leaves no series behind
  for (const w of sources.wallets()) {
    for (const state of WALLET_GAUGE_STATES) series.walletState.set({ wallet: w.wallet, state }, state === w.state ? 1 : 0);
  }
}
