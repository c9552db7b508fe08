import { startBroker, type Broker } from '../../src/composition-root.js';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { readEnv } from '../../src/config/env.js';
import type { Clock } from '../../src/domain/ports/clock.port.js';
import { testDatabaseUrl } from './database.js';
import { testConfig } from './fixtures.js';
import { LogCapture } from './log-capture.js';

export interface TestBrokerOptions {
  config?: BrokerConfigInput;
  /** Run the background workers (off by default: tests drive the steps themselves). */
  workers?: boolean;
  clock?: Clock;
  adminToken?: string;
  pluginsDir?: string;
  /** Extra process environment for `{"env": …}` settings. */
  processEnv?: NodeJS.ProcessEnv;
}

export interface TestBroker {
  readonly broker: Broker;
  readonly url: string;
  readonly logs: LogCapture;
  close(): Promise<void>;
}

const TABLES = [
  'order_transitions', 'transfers', 'refunds', 'orders', 'wallet_events', 'reservations', 'asset_balances',
  'sandbox_transfers', 'sandbox_snapshots', 'incoming_transfers', 'treasury_cursors', 'plugin_records',
];

/**
 * A whole broker on a random port against the test database, which is emptied first, so each
 * test starts from the config it names. PUBLIC_URL is the server's own address, so plugin pages
 * and webhooks travel over real HTTP.
 */
export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const databaseUrl = await testDatabaseUrl();
  const logs = new LogCapture();
  const port = await freePort();
  const env = readEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'debug',
    PLUGINS_DIR: options.pluginsDir ?? 'plugins',
    ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
  });
  await truncateAll(databaseUrl);
  const broker = await startBroker({
    env,
    processEnv: options.processEnv ?? {},
    config: options.config ?? testConfig(),
    clock: options.clock,
    logDestination: logs,
    workers: options.workers ?? false,
  });
  return { broker, url: broker.url, logs, close: () => broker.close() };
}

async function truncateAll(databaseUrl: string): Promise<void> {
  const { MikroORM } = await import('@mikro-orm/postgresql');
  const orm = await MikroORM.init({ clientUrl: databaseUrl, entities: [], discovery: { warnWhenNoEntities: false }, pool: { min: 0, max: 1 } });
  try {
    const existing = await orm.em.getConnection().execute<{ tablename: string }[]>(
      `select tablename from pg_tables where schemaname = current_schema()`,
    );
    const present = TABLES.filter((t) => existing.some((r) => r.tablename === t));
    if (present.length > 0) await orm.em.getConnection().execute(`truncate ${present.join(', ')} restart identity cascade`);
  } finally {
    await orm.close(true);
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
