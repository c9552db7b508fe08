import { SystemClock } from '../../adapters/system/system-clock.js';
import type { BrokerConfigFile } from '../../config/broker-config.schema.js';
import { loadBrokerConfig } from '../../config/load-broker-config.js';
import { readMixinKeystore } from '../../config/mixin-keystore-source.js';
import { buildNotifier } from '../../config/runtime-settings.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import { resolveSettings } from '../../plugin-host/resolve-settings.js';
import type { Parsed } from '../args.js';
import { CliError, type CliIo } from '../io.js';
import { table } from '../table.js';

const quiet = () => undefined;
const silent: Logger = { debug: quiet, info: quiet, warn: quiet, error: quiet, child: () => silent };
const ignore = () => undefined;

/**
 * `config check [file]`: validates a config file as the broker does at start (the same checks, so
 * the same messages), without starting anything: the file itself, then the environment variables
 * the broker would refuse to start without. Wallets whose secrets are unset are named: the broker
 * starts, but takes them out of service.
 */
export async function configCheck(args: Parsed, io: CliIo): Promise<void> {
  const file = args.positionals[0] ?? io.env.BROKER_CONFIG?.trim() ?? 'config/broker.json';
  let config: BrokerConfigFile;
  try {
    config = await loadBrokerConfig(file);
    buildNotifier(config, io.env, ignore, new SystemClock(), silent);
    if (config.treasury.mixin) await readMixinKeystore(config.treasury.mixin, io.env, ignore);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const wallets = Object.entries(config.wallets).map(([id, w]) => ({
    wallet: id,
    plugin: w.plugin,
    enabled: w.enabled,
    assets: Object.values(w.assets)
      .map((a) => a.currency)
      .join(' '),
    missing: w.enabled ? resolveSettings(w.settings, io.env, ignore).missing : [],
  }));
  const treasury = config.treasury.mixin ? 'mixin' : 'sandbox';
  if (args.json) return io.out(`${JSON.stringify({ file, valid: true, treasury, wallets }, null, 2)}\n`);
  io.out(`${file}: valid (treasury: ${treasury})\n\n`);
  io.out(table(['wallet', 'plugin', 'enabled', 'assets'], wallets));
  for (const w of wallets.filter((x) => x.missing.length > 0)) {
    io.out(`\nwarning: wallet "${w.wallet}" would be out of service: ${w.missing.join('; ')}\n`);
  }
}
