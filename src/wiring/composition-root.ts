import type { Container } from 'inversify';
import type { DestinationStream } from 'pino';
import { CreateOrder } from '../application/orders/create-order.use-case.js';
import { GetAssetRanges } from '../application/orders/get-asset-ranges.use-case.js';
import { GetDashboard } from '../application/operations/get-dashboard.query.js';
import { GetOrderView } from '../application/operations/get-order-view.query.js';
import { ReconcileOrder } from '../application/operations/reconcile-order.use-case.js';
import { SearchOrders } from '../application/operations/search-orders.query.js';
import { RetryRefund } from '../application/refunds/retry-refund.use-case.js';
import { HandleWalletEvent } from '../application/orders/handle-wallet-event.use-case.js';
import { ResolveReview } from '../application/operations/resolve-review.use-case.js';
import { RetrySettlement } from '../application/settlement/retry-settlement.use-case.js';
import { ReturnRedirect } from '../application/orders/return-redirect.use-case.js';
import { SettlePaidOrders } from '../application/settlement/settle-paid-orders.use-case.js';
import { SyncBalances } from '../application/settlement/sync-balances.use-case.js';
import { RefundPayers } from '../application/refunds/refund-payers.use-case.js';
import { WatchIncomingTransfers } from '../application/refunds/watch-incoming-transfers.use-case.js';
import { ExpireAndReconcile } from '../application/orders/expire-and-reconcile.use-case.js';
import { TOKENS } from './tokens.js';
import { createHttpApp, type RouteEntry } from '../adapters/http/app.js';
import { listen, type RunningServer } from '../adapters/http/server.js';
import { incidentsOf } from '../adapters/logging/incident-log.js';
import { createLogger } from '../adapters/logging/pino-logger.js';
import { SecretRegistry } from '../adapters/logging/secret-registry.js';
import { logContext } from '../adapters/logging/log-context.js';
import { openDatabase, type Database } from '../adapters/persistence/database.js';
import { DbContext } from '../adapters/persistence/db-context.js';
import { MikroPluginStore } from '../adapters/persistence/mikro-plugin-store.js';
import { PluginRecordBatch } from '../adapters/persistence/plugin-record-batch.js';
import { PgOutputPool } from '../adapters/persistence/pg-output-pool.js';
import { listenForTransfers, type TransferNotices } from '../adapters/persistence/pg-transfer-notices.js';
import { ReservationLedger } from '../adapters/persistence/reservation-ledger.js';
import { mergeSearchIndexPendingList, SEARCH_INDEX_MERGE_EVERY_MS } from '../adapters/persistence/search-index-upkeep.js';
import { SystemClock } from '../adapters/system/system-clock.js';
import { BrokerWorkers } from '../adapters/workers/broker-workers.js';
import { PeriodicWorker } from '../adapters/workers/periodic-worker.js';
import { WorkSignals } from '../adapters/workers/work-signals.js';
import { buildNotifier, workerPolicies } from '../config/runtime-settings.js';
import type { BrokerConfigFile, BrokerConfigInput } from '../config/broker-config.schema.js';
import type { Env } from '../config/env.js';
import { loadBrokerConfig, parseBrokerConfig } from '../config/load-broker-config.js';
import { checkRealMoneyOnEmbedded } from '../config/real-money-on-embedded.js';
import { toWalletInstance } from '../config/wallet-instances.js';
import { buildContainer } from './container.js';
import { buildMetrics } from './build-metrics.js';
import { buildTreasury } from './build-treasury.js';
import { buildReadiness } from './readiness.js';
import { Amount } from '../domain/money/amount.js';
import type { Clock } from '../domain/ports/clock.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import { PluginHost } from '../plugin-host/plugin-host.js';

export interface BrokerOptions {
  readonly env: Env;
  /** Where `{"env": …}` references in the config are read from. */
  readonly processEnv: NodeJS.ProcessEnv;
  /** A config object (tests); otherwise env.configFile is read. Validated the same way. */
  readonly config?: BrokerConfigInput;
  readonly clock?: Clock;
  readonly logDestination?: DestinationStream;
  /** Keep the embedded database in memory instead of under DATA_DIR (tests). */
  readonly ephemeralEmbeddedDb?: boolean;
  /** Overrides `workers.enabled` of the config (tests drive the steps themselves). */
  readonly workers?: boolean;
}

export interface Broker {
  /** The base URL the server listens on (not PUBLIC_URL). */
  readonly url: string;
  /** The HTTP routes served (the route-table security test walks them). */
  readonly routes: readonly RouteEntry[];
  readonly container: Container;
  readonly db: Database;
  readonly plugins: PluginHost;
  readonly workers: BrokerWorkers;
  readonly logger: Logger;
  /** Re-reads the config file and applies wallet changes (SIGHUP); rejects, changing nothing, if it is invalid. */
  reload(): Promise<void>;
  /**
   * Stops: no new connections, requests in flight get up to `graceMs` (default 0, at once; SIGTERM
   * gives http.shutdownGraceMs), workers finish their current step, then the database and the
   * logger are closed and flushed.
   */
  close(options?: { graceMs?: number }): Promise<void>;
  /** Config http.shutdownGraceMs, as read at start. */
  readonly shutdownGraceMs: number;
}

/** The one place that builds adapters, binds them to the core's ports and starts the server. */
export async function startBroker(options: BrokerOptions): Promise<Broker> {
  const { env } = options;
  const secrets = new SecretRegistry();
  if (env.adminToken) secrets.add(env.adminToken);
  const logger = createLogger({ level: env.logLevel, secrets, destination: options.logDestination });
  const clock = options.clock ?? new SystemClock();
  let config: BrokerConfigFile = options.config
    ? parseBrokerConfig(options.config, '(config object)')
    : await loadBrokerConfig(env.configFile);
  checkRealMoneyOnEmbedded(env, config, logger); // before the database is opened: a refusal writes nothing

  const db = await openDatabase({
    url: env.databaseUrl,
    embeddedDataDir: options.ephemeralEmbeddedDb ? null : env.dataDir,
    logger: logger.child({ component: 'database' }),
  });
  logger.info({ embedded: db.embedded }, db.embedded ? 'using the embedded PostgreSQL' : 'using PostgreSQL at DATABASE_URL');
  try {
    const dbContext = new DbContext(db.orm);
    const pluginRecords = new PluginRecordBatch(dbContext);
    const ledger = new ReservationLedger(dbContext, clock);
    const outputPool = new PgOutputPool(dbContext);
    const assetIds = () => [...new Set(Object.values(config.wallets).flatMap((w) => Object.keys(w.assets)))];
    const notifier = buildNotifier(config, options.processEnv, (v) => secrets.add(v), clock, logger);
    const { treasury, sandbox } = await buildTreasury({
      config,
      db,
      dbContext,
      ledger,
      outputPool,
      clock,
      logger,
      notifier,
      env: options.processEnv,
      onSecret: (v) => secrets.add(v),
      assetIds: assetIds(),
    });

    const plugins = new PluginHost({
      maxConsecutiveFailures: config.walletGuard.maxConsecutiveFailures,
      pluginsDir: env.pluginsDir,
      publicUrl: env.publicUrl,
      env: options.processEnv,
      logger,
      incidents: incidentsOf(logger),
      clock,
      storeFor: (wallet) => new MikroPluginStore(dbContext, clock, wallet, pluginRecords),
      onSecret: (v) => secrets.add(v),
      inWalletContext: (wallet, work) => logContext.run({ wallet }, work),
    });
    const loadWallets = (c: BrokerConfigFile) =>
      plugins.load(Object.entries(c.wallets).map(([id, w]) => ({ instance: toWalletInstance(id, w), settings: w.settings })));
    let pluginsLoaded = false;
    await loadWallets(config);
    pluginsLoaded = true;
    /** SIGHUP / POST /admin/reload: a new config file is validated whole before any wallet changes. */
    let reloading: Promise<void> = Promise.resolve();
    const reloadOnce = async () => {
      if (options.config) throw new Error('this broker was started from a config object; there is no file to reload');
      const next = await loadBrokerConfig(env.configFile);
      await loadWallets(next);
      config = next;
      logger.info({ wallets: Object.keys(next.wallets) }, 'config reloaded');
    };
    // One reload at a time, in arrival order: two quick SIGHUPs must not let the older file win.
    const reload = () => {
      const run = reloading.then(reloadOnce, reloadOnce);
      reloading = run.catch(() => undefined);
      return run;
    };

    const metrics = buildMetrics({ dbContext, ledger, plugins, assetIds, clock, logger });
    const signals = new WorkSignals();
    const container = buildContainer({
      dbContext,
      treasury,
      ledger,
      wallets: plugins,
      clock,
      logger,
      notifier,
      publicUrl: env.publicUrl,
      policies: workerPolicies(config),
      orderLimits: { maxOpenOrdersPerPayee: config.mixpay.maxOpenOrdersPerPayee },
      returnUrlPolicy: config.mixpay.returnUrl,
      signal: signals,
      balanceSync: {
        assetIds, // reads the current config, also after a reload
        lowBalance: new Map(Object.entries(config.alerts.lowBalance).map(([id, a]) => [id, Amount.parse(a)])),
      },
      metrics,
    });
    const workers = new BrokerWorkers(
      {
        balanceSync: container.get(SyncBalances),
        settlement: container.get(SettlePaidOrders),
        refunds: container.get(RefundPayers),
        incoming: container.get(WatchIncomingTransfers),
        expiryReconciliation: container.get(ExpireAndReconcile),
      },
      config.workers,
      logger,
      clock,
      metrics,
    );
    const workersEnabled = options.workers ?? config.workers.enabled;
    // A payment recorded in this process wakes its settlement worker at once (other processes hear of it by NOTIFY).
    signals.onTransfersQueued(() => workers.transfersQueued());

    const http = createHttpApp({
      logger,
      accessLog: logger,
      publicOrigin: new URL(env.publicUrl).origin,
      plugins,
      wallets: plugins,
      clock,
      getAssetRanges: container.get(GetAssetRanges),
      createOrder: container.get(CreateOrder),
      handleWalletEvent: container.get(HandleWalletEvent),
      returnRedirect: container.get(ReturnRedirect),
      admin: env.adminToken
        ? {
            token: env.adminToken,
            getOrderView: container.get(GetOrderView),
            searchOrders: container.get(SearchOrders),
            getDashboard: container.get(GetDashboard),
            retryRefund: container.get(RetryRefund),
            reconcileOrder: container.get(ReconcileOrder),
            retrySettlement: container.get(RetrySettlement),
            resolveReview: container.get(ResolveReview),
            incomingLog: container.get(TOKENS.IncomingTransferLog),
            sandbox,
            wallets: { plugins, ledger, outputPool, reload },
          }
        : null,
      treasuryMode: treasury.mode,
      readiness: buildReadiness({ db, plugins, pluginsLoaded: () => pluginsLoaded, workers, workersEnabled, clock }),
      orderPolicy: { maxOrderLifetimeSeconds: config.mixpay.maxOrderLifetimeSeconds, returnUrl: config.mixpay.returnUrl },
      networks: { trustedProxies: config.http.trustedProxies, mixpayAllowFrom: config.mixpay.allowFrom },
      metrics,
      metricsPublic: config.metrics.public,
    });
    const server: RunningServer = await listen(http.app, env, config.http, http.fastLane);
    logger.info({ port: server.port, public_url: env.publicUrl, tls: server.tls }, 'broker listening');

    if (workersEnabled) workers.start();
    // Keeps the trace-id search index's merges out of create_order's statements (search-index-upkeep.ts).
    // The embedded database is one session: a merge there would hold up everything anyway.
    const searchIndexUpkeep =
      workersEnabled && !db.embedded
        ? new PeriodicWorker(
            'search-index-upkeep',
            () => mergeSearchIndexPendingList(dbContext.raw),
            SEARCH_INDEX_MERGE_EVERY_MS,
            logger.child({ worker: 'search-index-upkeep' }),
            () => clock.now(),
          )
        : null;
    searchIndexUpkeep?.start();
    // Payments recorded by other processes wake this one's settlement worker (the embedded database has no other processes).
    const notices: TransferNotices | null =
      workersEnabled && !db.embedded
        ? await listenForTransfers(db.orm, () => workers.transfersQueued(), logger.child({ component: 'transfer-notices' }))
        : null;
    return {
      url: server.url,
      routes: http.routes,
      container,
      db,
      plugins,
      workers,
      logger,
      reload,
      shutdownGraceMs: config.http.shutdownGraceMs,
      async close(closeOptions = {}) {
        await notices?.close();
        await Promise.all([server.close(closeOptions.graceMs ?? 0), workers.stop(), searchIndexUpkeep?.stop()]);
        await db.close();
        logger.info({}, 'broker stopped');
        await logger.flush();
      },
    };
  } catch (e) {
    await db.close(); // a failed start (port taken, bad TLS files) must not leave the database open
    throw e;
  }
}
