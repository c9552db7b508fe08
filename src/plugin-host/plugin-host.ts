import type { Clock } from '../domain/ports/clock.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import type { ActiveWallet, WalletRegistry } from '../domain/ports/wallet-registry.port.js';
import type { WalletInstance } from '../domain/wallet/wallet-instance.js';
import type { PluginStore } from '../plugin-api/context.js';
import { pluginLinks } from '../plugin-api/links.js';
import { discoverPlugins, type PluginDiscovery } from './plugin-discovery.js';
import { importPlugin, PluginLoadError, type ImportedPlugin } from './import-plugin.js';
import { resolveSettings } from './resolve-settings.js';
import type { IncidentReporter } from '../domain/ports/incident-reporter.port.js';
import { FailureCounter, guardProvider } from './guarded-provider.js';
import { ProviderIncidents } from './provider-incidents.js';
import type { WalletState } from './wallet-state.js';

export interface WalletToLoad {
  readonly instance: WalletInstance;
  readonly settings: Record<string, unknown>;
}

export interface PluginHostDeps {
  /** Consecutive plugin exceptions after which a wallet stops taking new orders. */
  readonly maxConsecutiveFailures: number;
  readonly pluginsDir: string;
  readonly publicUrl: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** Where provider outages and plugin exceptions are reported, once per incident. */
  readonly incidents: IncidentReporter;
  readonly clock: Clock;
  readonly storeFor: (wallet: string) => PluginStore;
  readonly onSecret: (value: string) => void;
  /** Runs a plugin call with the wallet in the log context, so every line the plugin writes names it. */
  readonly inWalletContext: <T>(wallet: string, work: () => T) => T;
}

/**
 * Finds plugin packages, loads the ones the config uses and builds one provider per enabled
 * wallet identifier. A plugin that fails takes down only its own wallets, with one log line each.
 */
export class PluginHost implements WalletRegistry {
  private states = new Map<string, WalletState>();
  /** Operator pauses and failure counts, kept across config reloads. */
  private readonly runtime = new Map<string, { paused: boolean; counter: FailureCounter }>();

  constructor(private readonly deps: PluginHostDeps) {}

  /**
   * Loads (or reloads) the configured wallets and swaps them in at once: requests in flight keep the
   * provider they started with. Plugin modules stay cached, so code changes need a restart.
   */
  async load(wallets: readonly WalletToLoad[]): Promise<void> {
    const discovered = await discoverPlugins(this.deps.pluginsDir);
    const imported = new Map<string, Promise<ImportedPlugin>>();
    const states = new Map<string, WalletState>();
    for (const w of wallets) {
      const state = await this.loadWallet(w, discovered, imported);
      states.set(w.instance.id, state);
      const fields = { wallet: w.instance.id, plugin: w.instance.plugin, status: state.status };
      if (state.status === 'active') this.deps.logger.info({ ...fields, version: state.pluginVersion }, 'wallet ready');
      else if (state.status === 'disabled') this.deps.logger.info(fields, 'wallet disabled in config');
      else this.deps.logger.error({ ...fields, problem: state.problem }, `wallet ${w.instance.id} is out of service: ${state.problem}`);
    }
    this.states = states;
  }

  active(walletId: string): ActiveWallet | undefined {
    const rt = this.runtime.get(walletId);
    if (rt && (rt.paused || rt.counter.tripped)) return undefined;
    return this.serving(walletId);
  }

  serving(walletId: string): ActiveWallet | undefined {
    const s = this.states.get(walletId);
    return s?.status === 'active' && s.provider ? { instance: s.instance, provider: s.provider } : undefined;
  }

  /** Operator switch: stop (true) or resume (false) taking new orders; resuming also clears the failure count. */
  setPaused(walletId: string, paused: boolean): boolean {
    if (!this.states.has(walletId)) return false;
    const rt = this.runtimeOf(walletId);
    rt.paused = paused;
    if (!paused) rt.counter.reset();
    this.deps.logger.warn({ wallet: walletId, paused }, paused ? 'wallet paused by an operator' : 'wallet resumed by an operator');
    return true;
  }

  runtimeState(walletId: string): { paused: boolean; tripped: boolean; consecutiveFailures: number } {
    const rt = this.runtimeOf(walletId);
    return { paused: rt.paused, tripped: rt.counter.tripped, consecutiveFailures: rt.counter.failures };
  }

  private runtimeOf(walletId: string): { paused: boolean; counter: FailureCounter } {
    let rt = this.runtime.get(walletId);
    if (!rt) {
      rt = {
        paused: false,
        counter: new FailureCounter(this.deps.maxConsecutiveFailures, (n) =>
          this.deps.logger.error(
            { wallet: walletId, consecutive_failures: n },
            `wallet ${walletId} taken out of service after ${n} consecutive plugin failures; ` +
              `re-enable it with POST /admin/wallets/${walletId}/enable`,
          ),
        ),
      };
      this.runtime.set(walletId, rt);
    }
    return rt;
  }

  state(walletId: string): WalletState | undefined {
    return this.states.get(walletId);
  }

  list(): WalletState[] {
    return [...this.states.values()];
  }

  private async loadWallet(
    w: WalletToLoad,
    discovered: PluginDiscovery,
    imported: Map<string, Promise<ImportedPlugin>>,
  ): Promise<WalletState> {
    const base = { id: w.instance.id, instance: w.instance, pluginVersion: null, provider: null };
    if (!w.instance.enabled) return { ...base, status: 'disabled', problem: null };

    const found = discovered.find(w.instance.plugin);
    if (found.status === 'missing') {
      return { ...base, status: 'missing', problem: `no plugin named "${w.instance.plugin}" under ${this.deps.pluginsDir}/` };
    }
    if (found.status === 'broken') {
      return { ...base, status: 'broken', problem: `plugin "${w.instance.plugin}" has an invalid manifest: ${found.problem}` };
    }
    const pluginVersion = found.version;

    let plugin: ImportedPlugin;
    try {
      // One import per plugin, shared by every wallet identifier that uses it.
      let pending = imported.get(found.manifest.name);
      if (!pending) {
        pending = importPlugin(found.dir, found.manifest);
        imported.set(found.manifest.name, pending);
      }
      plugin = await pending;
    } catch (e) {
      const kind = e instanceof PluginLoadError ? e.kind : 'broken';
      return { ...base, pluginVersion, status: kind, problem: `plugin "${w.instance.plugin}": ${(e as Error).message}` };
    }

    const resolved = resolveSettings(w.settings, this.deps.env, this.deps.onSecret);
    if (resolved.missing.length > 0) {
      return { ...base, pluginVersion, status: 'invalid_settings', problem: `settings: ${resolved.missing.join('; ')}` };
    }
    const parsed = plugin.settingsSchema.safeParse(resolved.settings);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `settings.${i.path.join('.')}: ${i.message}`);
      return { ...base, pluginVersion, status: 'invalid_settings', problem: problems.join('; ') };
    }

    const id = w.instance.id;
    try {
      const log = this.deps.logger.child({ plugin: w.instance.plugin }); // wallet: from the log context
      const created = await this.deps.inWalletContext(id, () =>
        plugin.plugin.create({
          wallet: id,
          settings: parsed.data,
          logger: log,
          store: this.deps.storeFor(id),
          clock: this.deps.clock,
          links: pluginLinks(this.deps.publicUrl, id),
        }),
      );
      const incidents = new ProviderIncidents(this.deps.incidents, id, w.instance.plugin);
      const provider = guardProvider(created, this.runtimeOf(id).counter, incidents, (work) => this.deps.inWalletContext(id, work));
      return { ...base, pluginVersion, status: 'active', problem: null, provider };
    } catch (e) {
      const problem = `plugin "${w.instance.plugin}" failed to start: ${(e as Error).message}`;
      return { ...base, pluginVersion, status: 'broken', problem };
    }
  }
}
