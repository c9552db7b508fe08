import type { Logger } from '../domain/ports/logger.port.js';
import type { BrokerConfigFile } from './broker-config.schema.js';
import type { Env } from './env.js';

export class RealMoneyOnEmbeddedError extends Error {}

/**
 * The embedded database is one process's PGlite, meant for trying the broker out: no server, no
 * replica, no backups, no second broker. Real money (a Mixin keystore) is refused on it unless the
 * operator says so, and then the start-up log says so loudly.
 */
export function checkRealMoneyOnEmbedded(env: Env, config: BrokerConfigFile, logger: Logger): void {
  if (env.databaseUrl || !config.treasury.mixin) return;
  if (!env.allowEmbeddedDatabaseWithRealMoney) {
    throw new RealMoneyOnEmbeddedError(
      'refusing to start: treasury.mixin configures a Mixin keystore (real money), but DATABASE_URL is not set, so orders ' +
        'would live in the embedded database, which is for trying the broker out. Set DATABASE_URL to a PostgreSQL ' +
        'server (postgresql://…). To accept the risk anyway, set ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY=true.',
    );
  }
  logger.warn(
    { treasury: 'mixin', database: 'embedded', override: 'ALLOW_EMBEDDED_DATABASE_WITH_REAL_MONEY' },
    'REAL MONEY ON THE EMBEDDED DATABASE: a single-process PGlite holds the orders of real transfers; ' +
      'set DATABASE_URL to a PostgreSQL server for production',
  );
}
