import { startBroker, type Broker } from '../../src/wiring/composition-root.js';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { readEnv, type Env } from '../../src/config/env.js';
import type { Clock } from '../../src/domain/ports/clock.port.js';
import { emptyTestDatabase, testDatabaseUrl } from './database.js';
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
  /** Start on the database as the last broker left it (a restart), instead of emptying it. */
  keepDatabase?: boolean;
}

export interface TestBroker {
  readonly broker: Broker;
  readonly url: string;
  readonly logs: LogCapture;
  close(): Promise<void>;
}

/**
 * A whole broker on a random port against the test database, which is emptied first, so each
 * test starts from the config it names. PUBLIC_URL is the server's own address, so plugin pages
 * and webhooks travel over real HTTP.
 */
export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const databaseUrl = await testDatabaseUrl();
  const logs = new LogCapture();
  const env = await testBrokerEnv(databaseUrl, options);
  if (!options.keepDatabase) await emptyTestDatabase(databaseUrl);
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

/**
 * The environment of a test broker: a free port on 127.0.0.1 that is also its PUBLIC_URL (so plugin
 * pages and webhooks travel over real HTTP), the test database, debug logs.
 */
export async function testBrokerEnv(
  databaseUrl: string,
  options: { pluginsDir?: string; adminToken?: string; configFile?: string } = {},
): Promise<Env> {
  const port = await freePort();
  return readEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'debug',
    PLUGINS_DIR: options.pluginsDir ?? 'plugins',
    ...(options.configFile ? { BROKER_CONFIG: options.configFile } : {}),
    ...(options.adminToken ? { ADMIN_TOKEN: options.adminToken } : {}),
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for a server that cannot be given port 0). */
export async function freePort(): Promise<number> {
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
