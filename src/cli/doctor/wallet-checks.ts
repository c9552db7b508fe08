import { toWalletInstance } from '../../config/wallet-instances.js';
import { SystemClock } from '../../adapters/system/system-clock.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { PluginStore } from '../../plugin-api/context.js';
import { PluginHost } from '../../plugin-host/plugin-host.js';
import type { WalletStatus } from '../../plugin-host/wallet-state.js';
import { fail, ok, warn, type Check, type DoctorContext } from './check.js';
import { openTo } from './mixpay-message.js';

const quiet = () => undefined;
const silent: Logger = { debug: quiet, info: quiet, warn: quiet, error: quiet, child: () => silent };

/** The doctor builds each provider to see that it can, and never runs it: a store that keeps nothing durable will do. */
function scratchStore(): PluginStore {
  const values = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => (values.get(key) as T | undefined) ?? null,
    put: async (key, value) => void values.set(key, value),
    putIfAbsent: async (key, value) => !values.has(key) && (values.set(key, value), true),
  };
}

const ADVICE: Record<Exclude<WalletStatus, 'active' | 'disabled'>, (plugin: string, dir: string) => string> = {
  missing: (plugin, dir) => `install the plugin package "${plugin}" under ${dir}/ (or fix the wallet's "plugin")`,
  broken: (plugin) => `the plugin "${plugin}" does not load or start: fix or reinstall it`,
  incompatible: (plugin) => `install a version of "${plugin}" built for this broker's plugin API`,
  invalid_settings: (plugin) => `fix the wallet's settings, or export the variables named (the "${plugin}" plugin's page lists them)`,
};

/**
 * Every enabled wallet's plugin, loaded by the broker's own plugin host (the same discovery,
 * manifest, API version and settings checks as at start), and the payees it is open to.
 */
export async function walletChecks(ctx: DoctorContext): Promise<Check[]> {
  const config = ctx.config!;
  const enabled = Object.entries(config.wallets).filter(([, w]) => w.enabled);
  if (enabled.length === 0) {
    return [
      fail(
        'wallets',
        'no wallet is enabled: MixPay would be offered nothing',
        'set "enabled": true on the wallets to offer (docs/going-live.md, step 4)',
      ),
    ];
  }
  const pluginsDir = ctx.brokerEnv?.pluginsDir ?? 'plugins';
  const host = new PluginHost({
    maxConsecutiveFailures: config.walletGuard.maxConsecutiveFailures,
    pluginsDir,
    publicUrl: ctx.brokerEnv?.publicUrl ?? 'http://localhost:8080',
    env: ctx.env,
    logger: silent,
    incidents: { now: () => Date.now(), failing: quiet, recovered: quiet },
    clock: new SystemClock(),
    storeFor: scratchStore,
    onSecret: (v) => ctx.secrets.add(v),
    inWalletContext: (_wallet, work) => work(),
  });
  await host.load(enabled.map(([id, w]) => ({ instance: toWalletInstance(id, w), settings: w.settings })));

  const checks: Check[] = [];
  for (const [id, w] of enabled) {
    const state = host.state(id)!;
    const assets = Object.values(w.assets)
      .map((a) => a.currency)
      .join(' ');
    if (state.status === 'active') {
      checks.push(
        ok(`wallet:${id}`, `wallet ${id}: plugin ${w.plugin} ${state.pluginVersion ?? ''} loads, its settings resolve (${assets})`),
      );
    } else {
      const advise = ADVICE[state.status as keyof typeof ADVICE];
      checks.push(
        fail(`wallet:${id}`, `wallet ${id} would be out of service (${state.status}): ${state.problem}`, advise(w.plugin, pluginsDir)),
      );
    }
    if (openTo(w.payees).kind === 'none') {
      checks.push(
        warn(
          `payees:${id}`,
          `wallet ${id} is open to no payee: payees.allow lists none that payees.deny leaves`,
          'list the payees in payees.allow, or remove it to open the wallet to every payee',
        ),
      );
    }
  }
  return checks;
}
