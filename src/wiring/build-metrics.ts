import { PromBrokerMetrics } from '../adapters/metrics/prom-broker-metrics.js';
import { walletGaugeState } from '../adapters/metrics/wallet-gauge-state.js';
import type { DbContext } from '../adapters/persistence/db-context.js';
import { PgOutboxStats } from '../adapters/persistence/pg-outbox-stats.js';
import type { Clock } from '../domain/ports/clock.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import type { BalanceLedger } from '../domain/ports/balance-ledger.port.js';
import type { PluginHost } from '../plugin-host/plugin-host.js';

/** This broker's metrics (a registry of its own), reading its database, ledger and wallets at scrape. */
export function buildMetrics(p: {
  dbContext: DbContext;
  ledger: BalanceLedger;
  plugins: PluginHost;
  /** The configured asset ids, read at each scrape (a reload may change them). */
  assetIds: () => string[];
  clock: Clock;
  logger: Logger;
}): PromBrokerMetrics {
  const outbox = new PgOutboxStats(p.dbContext);
  return new PromBrokerMetrics(
    {
      outbox: () => outbox.read(),
      holdings: () => p.ledger.holdings(p.assetIds()),
      wallets: () => p.plugins.list().map((s) => ({ wallet: s.id, state: walletGaugeState(s.status, p.plugins.runtimeState(s.id)) })),
      isConfiguredWallet: (wallet) => p.plugins.state(wallet) !== undefined,
      now: () => p.clock.now(),
    },
    p.logger,
  );
}
