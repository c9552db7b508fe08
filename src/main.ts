import { startBroker } from './wiring/composition-root.js';
import { readEnv } from './config/env.js';

/** `npm start`: read the environment, start the broker, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const env = readEnv();
  const broker = await startBroker({ env, processEnv: process.env });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    broker.logger.info({ signal }, 'shutting down');
    await broker.close();
    process.exit(0);
  };
  process.on('SIGHUP', () => {
    broker.reload().catch((e: unknown) => broker.logger.error({ problem: (e as Error).message }, 'config reload refused; the running config stays'));
  });
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  // Before the logger exists (bad environment or config) the plain message is the clearest report.
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
