import type { SecretRegistry } from '../../adapters/logging/secret-registry.js';
import type { MixinKeystore } from '../../adapters/treasury/mixin/keystore.js';
import type { MixinConnection } from '../../adapters/treasury/mixin/mixin-client.js';
import type { BrokerConfigFile } from '../../config/broker-config.schema.js';
import type { Env } from '../../config/env.js';

/** ✔ passed, ⚠ worth a look but not in the way, ✘ must be fixed before going live, – not run (an earlier ✘). */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

export interface Check {
  /** Stable, for scripts: `config`, `wallet:binance`, `asset:<uuid>`, … */
  readonly id: string;
  readonly status: CheckStatus;
  /** One line: what was found. */
  readonly summary: string;
  /** Further lines worth showing (URLs, figures). */
  readonly details?: readonly string[];
  /** What to do about it (for ✘ and ⚠). */
  readonly advice?: string;
}

export const ok = (id: string, summary: string, extra: Partial<Check> = {}): Check => ({ id, status: 'ok', summary, ...extra });
export const warn = (id: string, summary: string, advice: string, extra: Partial<Check> = {}): Check => ({
  id,
  status: 'warn',
  summary,
  advice,
  ...extra,
});
export const fail = (id: string, summary: string, advice: string, extra: Partial<Check> = {}): Check => ({
  id,
  status: 'fail',
  summary,
  advice,
  ...extra,
});
/** `what` names the check for people ("the migrations"), since it did not run to say more. */
export const skipped = (id: string, what: string, because: string): Check => ({
  id,
  status: 'skipped',
  summary: `${what}: not checked (${because})`,
});

/** What the checks learn and hand on, in the order they run. */
export interface DoctorContext {
  /** The process environment the broker would start with. */
  readonly env: NodeJS.ProcessEnv;
  /** Every secret read (keystore, plugin settings, alert URL, admin token): scrubbed from the output. */
  readonly secrets: SecretRegistry;
  configFile: string;
  config: BrokerConfigFile | null;
  /** The validated environment; null when it is invalid (then PUBLIC_URL is unknown). */
  brokerEnv: Env | null;
  keystore: MixinKeystore | null;
  mixin: MixinConnection | null;
  /** The bot is registered with Safe (its outputs can be read and spent). */
  registered: boolean;
}

export type CheckGroup = (ctx: DoctorContext) => Promise<Check[]>;

/** Rejects after `ms` so that no check hangs the doctor (an unreachable host, a dropped packet). */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
