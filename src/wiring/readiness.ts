import { databaseCheck, migrationsCheck } from '../adapters/persistence/database-readiness.js';
import type { Database } from '../adapters/persistence/database.js';
import { MIGRATIONS } from '../adapters/persistence/migrations/index.js';
import type { BrokerWorkers } from '../adapters/workers/broker-workers.js';
import { workersCheck } from '../adapters/workers/workers-readiness.js';
import { CheckReadiness, type ReadinessCheck } from '../application/operations/check-readiness.query.js';
import type { Clock } from '../domain/ports/clock.port.js';
import type { PluginHost } from '../plugin-host/plugin-host.js';

export interface ReadinessParts {
  readonly db: Database;
  readonly plugins: PluginHost;
  /** True once the plugin host has loaded the configured wallets. */
  readonly pluginsLoaded: () => boolean;
  readonly workers: BrokerWorkers;
  readonly workersEnabled: boolean;
  readonly clock: Clock;
}

/** Each check answers within this, or counts as failed: the probe itself must never hang. */
const CHECK_TIMEOUT_MS = 2_000;

/** What GET /readyz asks: the database answers, its schema is this release's, the plugins are loaded, the workers run. */
export function buildReadiness(p: ReadinessParts): CheckReadiness {
  const plugins: ReadinessCheck = {
    name: 'plugins',
    async check() {
      if (!p.pluginsLoaded()) return { ok: false, reason: 'the plugin host has not loaded the wallets yet' };
      const wallets = p.plugins.list();
      // A wallet out of service is not the broker's unreadiness: the others serve (GET /admin/wallets says why).
      return { ok: true, detail: { wallets: wallets.length, active: wallets.filter((w) => w.status === 'active').length } };
    },
  };
  return new CheckReadiness({
    checks: [
      databaseCheck(p.db.orm),
      migrationsCheck(
        p.db.orm,
        MIGRATIONS.map((m) => m.name),
      ),
      plugins,
      workersCheck(
        p.workersEnabled,
        () => p.workers.health(),
        () => p.clock.now(),
      ),
    ],
    timeoutMs: CHECK_TIMEOUT_MS,
  });
}
