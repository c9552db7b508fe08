import type { Database } from '../adapters/persistence/database.js';
import type { DbContext } from '../adapters/persistence/db-context.js';
import type { ReservationLedger } from '../adapters/persistence/reservation-ledger.js';
import { MixinSafeTreasury } from '../adapters/treasury/mixin/mixin-safe-treasury.js';
import { SandboxTreasury } from '../adapters/treasury/sandbox-treasury.js';
import type { BrokerConfigFile } from '../config/broker-config.schema.js';
import { readMixinKeystore } from '../config/mixin-keystore-source.js';
import { Amount } from '../domain/money/amount.js';
import type { Clock } from '../domain/ports/clock.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import type { MixinTreasury } from '../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../domain/ports/notifier.port.js';
import type { OutputPool } from '../domain/ports/output-pool.port.js';

export interface BuiltTreasury {
  readonly treasury: MixinTreasury;
  /** Set only in sandbox mode (its admin endpoint records incoming transfers). */
  readonly sandbox: SandboxTreasury | null;
}

/**
 * The Mixin Safe treasury when a keystore is configured, the sandbox otherwise (said loudly); either
 * way the ledger starts with the bot's balances.
 */
export async function buildTreasury(p: {
  config: BrokerConfigFile;
  db: Database;
  dbContext: DbContext;
  ledger: ReservationLedger;
  /** The Mixin treasury's outputs (PostgreSQL); shared by every process on the database, so their transfers never pick the same ones. */
  outputPool: OutputPool;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  env: NodeJS.ProcessEnv;
  onSecret: (value: string) => void;
  assetIds: readonly string[];
}): Promise<BuiltTreasury> {
  const mixin = p.config.treasury.mixin;
  if (mixin) {
    const keystore = await readMixinKeystore(mixin, p.env, p.onSecret);
    const treasury = MixinSafeTreasury.connect(
      keystore,
      { baseUrl: mixin.baseUrl, timeoutMs: mixin.timeoutMs },
      // Processes sharing the database share the pool: their transfers never pick the same outputs.
      {
        pool: p.outputPool,
        settings: { targetOutputs: mixin.poolOutputs },
        notifier: p.notifier,
        log: p.logger.child({ component: 'mixin-treasury' }),
      },
    );
    p.logger.info({ treasury: 'mixin', app_id: keystore.appId, base_url: mixin.baseUrl }, 'Mixin Safe treasury: transfers move real money');
    try {
      await p.ledger.recordBalances(await treasury.balances(p.assetIds));
    } catch (e) {
      // The balance worker keeps trying; until then assets/range offers what the last sync saw.
      p.logger.warn({ problem: (e as Error).message }, 'first balance sync with Mixin failed');
    }
    return { treasury, sandbox: null };
  }
  const sandbox = new SandboxTreasury(p.dbContext, p.clock, p.ledger);
  await sandbox.seed(
    Object.entries(p.config.treasury.sandbox.assets).map(([assetId, a]) => ({
      assetId,
      balance: Amount.parse(a.balance),
      usdPrice: a.usd_price,
    })),
  );
  const warning = 'SANDBOX TREASURY: no Mixin keystore is configured; balances come from config and NO REAL MONEY MOVES';
  p.logger.warn({ treasury: 'sandbox' }, warning);
  return { treasury: sandbox, sandbox };
}
