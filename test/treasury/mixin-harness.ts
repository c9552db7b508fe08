import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { DbContext } from '../../src/adapters/persistence/db-context.js';
import { PgOutputPool } from '../../src/adapters/persistence/pg-output-pool.js';
import { ReservationLedger } from '../../src/adapters/persistence/reservation-ledger.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { MixinKeystore } from '../../src/adapters/treasury/mixin/keystore.js';
import { connectMixin, type MixinClientSettings, type MixinConnection } from '../../src/adapters/treasury/mixin/mixin-client.js';
import { MixinSafeTreasury, type MixinSafeTreasuryOptions } from '../../src/adapters/treasury/mixin/mixin-safe-treasury.js';
import { Amount } from '../../src/domain/money/amount.js';
import type { TransferRequest } from '../../src/domain/ports/mixin-treasury.port.js';
import { testDatabaseUrl } from '../support/database.js';
import { FakeMixin, generateTestBot, type TestBot } from '../support/fake-mixin/index.js';
import { MIXPAY_BOT, USDT } from '../support/fixtures.js';

/** Short timeouts and one SDK-level retry (the SDK reads 0 as 5), so fault tests stay fast. */
export const FAST: MixinClientSettings = { timeoutMs: 600, retries: 1 };

export interface FakeBot {
  readonly bot: TestBot;
  readonly fake: FakeMixin;
  readonly conn: MixinConnection;
  close(): Promise<void>;
}

/** A fresh bot, a fake Mixin that knows it, and a real SDK connection to that fake. */
export async function startFakeBot(settings: MixinClientSettings = FAST): Promise<FakeBot> {
  const bot = generateTestBot();
  const fake = await FakeMixin.start(bot);
  fake.state.addAsset(USDT, 'USDT', '1.0002');
  const conn = connectMixin(MixinKeystore.parse(bot.keystore), { ...settings, baseUrl: fake.url });
  return { bot, fake, conn, close: () => fake.close() };
}

export interface TestLedger {
  readonly db: Database;
  readonly ledger: ReservationLedger;
  readonly ctx: DbContext;
}

export async function openTestLedger(): Promise<TestLedger> {
  const db = await openDatabase({ url: await testDatabaseUrl(), embeddedDataDir: null });
  const ctx = new DbContext(db.orm as MikroORM);
  return { db, ctx, ledger: new ReservationLedger(ctx, new SystemClock()) };
}

export async function clearLedger(l: TestLedger): Promise<void> {
  await l.db.orm.em.getConnection().execute('truncate reservations, asset_balances, mixin_outputs, mixin_requests');
}

/**
 * The treasury on the test database's output pool (the one thing of the database it uses: the books
 * are the ledger's). Unless a test asks for a pool shape, the pool is left as the test built it (no
 * splits): the test decides which outputs exist.
 */
export function treasuryFor(l: TestLedger, b: FakeBot, options: Partial<MixinSafeTreasuryOptions> = {}): MixinSafeTreasury {
  return new MixinSafeTreasury(b.conn, {
    pool: new PgOutputPool(l.ctx),
    ...options,
    // No background listings unless a test asks: the tests count Mixin's calls.
    settings: { targetOutputs: 1, outputWaitMs: 1_000, listEveryMs: 0, ...options.settings },
  });
}

/** A MixPay settlement: `amount` of USDT to MixPay's bot under a fresh trace id. */
export function settlement(amount: string, overrides: Partial<TransferRequest> = {}): TransferRequest {
  const requestId = overrides.requestId ?? randomUUID();
  return {
    requestId,
    assetId: USDT,
    opponentId: MIXPAY_BOT,
    amount: Amount.parse(amount),
    memo: Buffer.from(`PM|${requestId}|`).toString('base64'),
    ...overrides,
  };
}

/** The promise's rejection, for assertions; fails the test if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but it resolved');
}
