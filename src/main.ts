import { startBroker } from './wiring/composition-root.js';
import { readEnv } from './config/env.js';

/** Past the grace period, how long workers and the database may take to stop before the process gives up on them. */
const STOP_DEADLINE_MARGIN_MS = 30_000;

/**
 * `npm start` / `npm run start:prod`: read the environment, start the broker. SIGTERM (or SIGINT)
 * stops it gracefully: no new connections, requests in flight finish within http.shutdownGraceMs,
 * workers finish their current step, the log is flushed, exit 0. A second signal exits at once.
 */
async function main(): Promise<void> {
  const env = readEnv();
  const broker = await startBroker({ env, processEnv: process.env });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      broker.logger.warn({ signal }, 'second signal while shutting down: exiting now');
      process.exit(1);
    }
    stopping = true;
    const graceMs = broker.shutdownGraceMs;
    broker.logger.info({ signal, grace_ms: graceMs }, 'shutting down: finishing requests in flight and worker steps');
    // Whatever hangs (a wallet or Mixin call that never returns), the process still ends.
    setTimeout(() => {
      process.stderr.write('shutdown did not finish in time; exiting\n');
      process.exit(1);
    }, graceMs + STOP_DEADLINE_MARGIN_MS).unref();
    await broker.close({ graceMs });
    process.exit(0);
  };
  process.on('SIGHUP', () => {
    broker
      .reload()
      .catch((e: unknown) => broker.logger.error({ problem: (e as Error).message }, 'config reload refused; the running config stays'));
  });
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  // Before the logger exists (bad environment or config) the plain message is the clearest report.
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
