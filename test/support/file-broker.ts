import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type Broker } from '../../src/wiring/composition-root.js';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { emptyTestDatabase, testDatabaseUrl } from './database.js';
import { LogCapture } from './log-capture.js';
import { testBrokerEnv } from './test-broker.js';

/*
 * A broker that reads its config from a file, as in production, so POST /admin/reload and SIGHUP
 * have something to re-read (a broker started from a config object cannot reload). The file lives
 * in a temporary directory the test rewrites between steps.
 */

/** A config file in its own temporary directory. */
export interface ConfigFile {
  readonly path: string;
  /** Replaces the file with this config, as JSON. */
  write(config: BrokerConfigInput | Record<string, unknown>): Promise<void>;
  /** Replaces the file with this exact text (e.g. broken JSON). */
  writeText(text: string): Promise<void>;
  remove(): Promise<void>;
}

export async function tempConfigFile(config: BrokerConfigInput): Promise<ConfigFile> {
  const dir = await mkdtemp(join(tmpdir(), 'mixpay-config-'));
  const path = join(dir, 'broker.json');
  const file: ConfigFile = {
    path,
    write: (c) => writeFile(path, JSON.stringify(c, null, 2)),
    writeText: (text) => writeFile(path, text),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  await file.write(config);
  return file;
}

export interface FileBrokerOptions {
  readonly adminToken?: string;
  readonly pluginsDir?: string;
  /** Extra process environment for `{"env": …}` settings. */
  readonly processEnv?: NodeJS.ProcessEnv;
}

export interface FileBroker {
  readonly broker: Broker;
  readonly url: string;
  readonly logs: LogCapture;
  readonly config: ConfigFile;
  close(): Promise<void>;
}

/** A whole broker reading `config` from a temporary file, on the emptied test database, like startTestBroker. */
export async function startFileBroker(config: BrokerConfigInput, options: FileBrokerOptions = {}): Promise<FileBroker> {
  const databaseUrl = await testDatabaseUrl();
  const file = await tempConfigFile(config);
  const logs = new LogCapture();
  const env = await testBrokerEnv(databaseUrl, { ...options, configFile: file.path });
  await emptyTestDatabase(databaseUrl);
  let broker: Broker;
  try {
    broker = await startBroker({ env, processEnv: options.processEnv ?? {}, logDestination: logs, workers: false });
  } catch (e) {
    await file.remove();
    throw e;
  }
  return {
    broker,
    url: broker.url,
    logs,
    config: file,
    async close() {
      await broker.close();
      await file.remove();
    },
  };
}

export { freePort } from './test-broker.js';
