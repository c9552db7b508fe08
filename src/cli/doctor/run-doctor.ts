import { SecretRegistry } from '../../adapters/logging/secret-registry.js';
import { assetChecks } from './asset-checks.js';
import type { Check, CheckGroup, DoctorContext } from './check.js';
import { configChecks } from './config-checks.js';
import { databaseChecks } from './database-checks.js';
import { mixinChecks } from './mixin-checks.js';
import { mixpayMessage, type MixPayMessage } from './mixpay-message.js';
import { publicUrlChecks } from './public-url-checks.js';
import { walletChecks } from './wallet-checks.js';

export interface DoctorReport {
  readonly configFile: string;
  readonly checks: readonly Check[];
  /** True when no check is ✘: what the exit code says. */
  readonly ready: boolean;
  /** Null when the config could not be read. */
  readonly mixpay: MixPayMessage | null;
  /** Scrubs every secret the checks read from text about to be printed. */
  readonly scrub: (text: string) => string;
}

/** In the order an operator meets them (docs/going-live.md); each group may use what the earlier ones found. */
const GROUPS: readonly CheckGroup[] = [walletChecks, databaseChecks, publicUrlChecks, mixinChecks, assetChecks];

/** Runs every check against the config and environment the broker would start with; changes nothing. */
export async function runDoctor(env: NodeJS.ProcessEnv): Promise<DoctorReport> {
  const ctx: DoctorContext = {
    env,
    secrets: new SecretRegistry(),
    configFile: env.BROKER_CONFIG?.trim() || 'config/broker.json',
    config: null,
    brokerEnv: null,
    keystore: null,
    mixin: null,
    registered: false,
  };
  const checks = await configChecks(ctx);
  if (ctx.config) {
    for (const group of GROUPS) checks.push(...(await group(ctx)));
  }
  const publicUrl = ctx.brokerEnv?.publicUrl ?? env.PUBLIC_URL?.trim() ?? '(PUBLIC_URL)';
  return {
    configFile: ctx.configFile,
    checks,
    ready: checks.every((c) => c.status !== 'fail'),
    mixpay: ctx.config ? mixpayMessage(ctx.config, publicUrl) : null,
    scrub: (text) => ctx.secrets.scrub(text),
  };
}
