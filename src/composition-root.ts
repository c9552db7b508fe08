import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { CreateOrder } from './application/create-order.use-case.js';
import { GetAssetRanges } from './application/get-asset-ranges.use-case.js';
import { GetOrderView } from './application/get-order-view.query.js';
import { HandleWalletEvent } from './application/handle-wallet-event.use-case.js';
import { ReturnRedirect } from './application/return-redirect.use-case.js';
import { createHttpApp } from './adapters/http/app.js';
import { createLogger } from './adapters/logging/pino-logger.js';
import { SecretRegistry } from './adapters/logging/secret-registry.js';
import { openDatabase, type Database } from './adapters/persistence/database.js';
import { DbContext } from './adapters/persistence/db-context.js';
import { MikroPluginStore } from './adapters/persistence/plugin-store.repository.js';
import { ReservationLedger } from './adapters/persistence/reservation-ledger.js';
import { SystemClock } from './adapters/system/system-clock.js';
import { SandboxTreasury } from './adapters/treasury/sandbox-treasury.js';
import type { BrokerConfigFile } from './config/broker-config.schema.js';
import type { Env } from './config/env.js';
import { loadBrokerConfig } from './config/load-broker-config.js';
import { toWalletInstance } from './config/wallet-instances.js';
import { Amount } from './domain/money/amount.js';
import type { Clock } from './domain/ports/clock.port.js';
import type { Logger } from './domain/ports/logger.port.js';
import { PluginHost } from './plugin-host/plugin-host.js';
import { buildContainer } from './container.js';
import type { Container } from 'inversify';

export interface BrokerOptions {
  readonly env: Env;
  /** Where `{"env": …}` references in wallet settings are read from. */
  readonly processEnv: NodeJS.ProcessEnv;
  /** A config already parsed (tests); otherwise env.configFile is read. */
  readonly config?: BrokerConfigFile;
  readonly clock?: Clock;
  readonly logDestination?: DestinationStream;
  /** Keep the embedded database in memory instead of under DATA_DIR (tests). */
  readonly ephemeralEmbeddedDb?: boolean;
}

export interface Broker {
  /** The base URL the server listens on (not PUBLIC_URL). */
  readonly url: string;
  readonly container: Container;
  readonly db: Database;
  readonly plugins: PluginHost;
  readonly logger: Logger;
  close(): Promise<void>;
}

/** The one place that builds adapters, binds them to the core's ports and starts the server. */
export async function startBroker(options: BrokerOptions): Promise<Broker> {
  const { env } = options;
  const secrets = new SecretRegistry();
  if (env.adminToken) secrets.add(env.adminToken);
  const logger = createLogger({ level: env.logLevel, secrets, destination: options.logDestination });
  const clock = options.clock ?? new SystemClock();
  const config = options.config ?? (await loadBrokerConfig(env.configFile));

  const db = await openDatabase({
    url: env.databaseUrl,
    embeddedDataDir: options.ephemeralEmbeddedDb ? null : join(env.dataDir, 'pg'),
    log: (message) => logger.info({ component: 'database' }, message),
  });
  logger.info({ embedded: db.embedded }, db.embedded ? 'using the embedded PostgreSQL' : 'using PostgreSQL at DATABASE_URL');
  try {
    const dbContext = new DbContext(db.orm);
    const ledger = new ReservationLedger(dbContext, clock);

    const treasury = new SandboxTreasury(ledger, dbContext, clock);
    await treasury.seed(
      Object.entries(config.treasury.sandbox.assets).map(([assetId, a]) => ({
        assetId,
        balance: Amount.parse(a.balance),
        usdPrice: a.usd_price,
      })),
    );
    logger.warn({ treasury: 'sandbox' }, 'SANDBOX TREASURY: no Mixin keystore is configured; balances come from config and NO REAL MONEY MOVES');

    const plugins = new PluginHost({
      pluginsDir: env.pluginsDir,
      publicUrl: env.publicUrl,
      env: options.processEnv,
      logger,
      clock,
      storeFor: (wallet) => new MikroPluginStore(dbContext, clock, wallet),
      onSecret: (v) => secrets.add(v),
    });
    await plugins.load(
      Object.entries(config.wallets).map(([id, w]) => ({ instance: toWalletInstance(id, w), settings: w.settings })),
    );

    const container = buildContainer({ dbContext, treasury, plugins, clock, logger, publicUrl: env.publicUrl });
    const app = createHttpApp({
      logger,
      plugins,
      wallets: plugins,
      clock,
      getAssetRanges: container.get(GetAssetRanges),
      createOrder: container.get(CreateOrder),
      handleWalletEvent: container.get(HandleWalletEvent),
      returnRedirect: container.get(ReturnRedirect),
      admin: env.adminToken ? { token: env.adminToken, getOrderView: container.get(GetOrderView) } : null,
      treasuryMode: treasury.mode,
    });

    const server: Server = env.tlsCertFile
      ? createHttpsServer({ cert: await readFile(env.tlsCertFile), key: await readFile(env.tlsKeyFile!) }, app.callback())
      : createHttpServer(app.callback());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.port, env.host, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `${env.tlsCertFile ? 'https' : 'http'}://127.0.0.1:${port}`;
    logger.info({ port, public_url: env.publicUrl, tls: Boolean(env.tlsCertFile) }, 'broker listening');
    return {
      url,
      container,
      db,
      plugins,
      logger,
      async close() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await db.close();
      },
    };
  } catch (e) {
    await db.close(); // a failed start (port taken, bad TLS files) must not leave the database open
    throw e;
  }
}
