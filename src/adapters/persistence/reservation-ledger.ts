import type { Amount } from '../../domain/money/amount.js';
import { Amount as AmountVO } from '../../domain/money/amount.js';
import { Dec } from '../../domain/money/decimal.js';
import type { AssetHolding, BalanceLedger } from '../../domain/ports/balance-ledger.port.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { BotBalance } from '../../domain/ports/mixin-treasury.port.js';
import type { DbContext } from './db-context.js';

/** The advisory-lock key of a payee's reservations (hashed by PostgreSQL's hashtext). */
export const PAYEE_LOCK_PREFIX = 'mixpay-broker:payee:';

interface BalanceRow {
  asset_id: string;
  balance: string;
  reserved: string;
  usd_price: string | null;
}

/**
 * The local copy of the bot's balances and the reservations open orders hold against them, in
 * `asset_balances` and `reservations`; it joins the caller's unit of work.
 */
export class ReservationLedger implements BalanceLedger {
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly db: DbContext,
    private readonly clock: Clock,
  ) {}

  /** Called after each write to balances or reservations (the range snapshot reloads on it). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Every asset's holding, for the range snapshot. */
  async allHoldings(): Promise<Map<string, AssetHolding>> {
    const rows = await this.db
      .em()
      .execute<BalanceRow[]>(
        'select asset_id, balance::text as balance, reserved::text as reserved, usd_price::text as usd_price from asset_balances',
        [],
        'all',
      );
    return this.toHoldings(rows);
  }

  async holdings(assetIds: readonly string[]): Promise<Map<string, AssetHolding>> {
    const result = new Map<string, AssetHolding>();
    if (assetIds.length === 0) return result;
    const rows = await this.db.em().execute<BalanceRow[]>(
      `select asset_id, balance::text as balance, reserved::text as reserved, usd_price::text as usd_price
           from asset_balances where asset_id in (${assetIds.map(() => '?').join(',')})`,
      [...assetIds],
      'all',
    );
    return this.toHoldings(rows);
  }

  private toHoldings(rows: readonly BalanceRow[]): Map<string, AssetHolding> {
    const result = new Map<string, AssetHolding>();
    for (const r of rows) {
      const balance = AmountVO.of(r.balance);
      const reserved = AmountVO.of(r.reserved);
      result.set(r.asset_id, {
        assetId: r.asset_id,
        balance,
        reserved,
        available: balance.minusOrZero(reserved),
        usdPrice: r.usd_price === null ? null : new Dec(r.usd_price),
      });
    }
    return result;
  }

  /**
   * One statement checks the balance, takes it and records the reservation: the conditional UPDATE
   * takes the row lock and checks in the same step, so concurrent orders can never reserve more than
   * the balance between them, and the lock is held for one round trip before the commit.
   */
  async reserve(orderRef: string, assetId: string, amount: Amount): Promise<boolean> {
    return this.db.run(async () => {
      const now = this.clock.now();
      const rows = await this.db.em().execute<{ order_ref: string }[]>(
        `with taken as (
           update asset_balances set reserved = reserved + ?::numeric, updated_at = ?
            where asset_id = ? and balance - reserved >= ?::numeric
           returning asset_id)
         insert into reservations (order_ref, asset_id, amount, state, payee_id, created_at, updated_at)
         select ?, asset_id, ?::numeric, 'held', (select payee_id from orders where trace_id = ?), ?, ? from taken
         returning order_ref`,
        [amount.toString(), now, assetId, amount.toString(), orderRef, amount.toString(), orderRef, now, now],
        'all',
      );
      this.changed();
      return rows.length === 1;
    });
  }

  /**
   * Takes a transaction-scoped advisory lock on the payee, then counts its held reservations: a
   * concurrent create_order for the same payee waits at the lock until this transaction ends, so
   * its count includes what this one reserved. Outside a transaction the lock would end at once.
   */
  async lockOpenReservations(payeeId: string): Promise<number> {
    if (!this.db.inTransaction()) throw new Error('lockOpenReservations must run inside a unit of work');
    const em = this.db.em();
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [PAYEE_LOCK_PREFIX + payeeId]);
    // reservations.payee_id (m007) with its partial index: the count reads the payee's held rows only.
    const rows = await em.execute<{ n: string }[]>(
      `select count(*)::text as n from reservations where state = 'held' and payee_id = ?::uuid`,
      [payeeId],
      'all',
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Returns a held reservation to the available balance; idempotent. */
  async release(orderRef: string): Promise<void> {
    await this.close(orderRef, 'released', false);
  }

  /** The reserved amount has left the bot (it was transferred): drop it from balance and reservations. */
  async consume(orderRef: string): Promise<void> {
    await this.close(orderRef, 'consumed', true);
  }

  async recordBalances(balances: ReadonlyMap<string, BotBalance>): Promise<void> {
    for (const [assetId, b] of balances) await this.setBalance(assetId, b.balance, b.usdPrice);
  }

  /** Records a synchronised balance and price (or the sandbox's configured ones). */
  async setBalance(assetId: string, balance: Amount, usdPrice: string | null): Promise<void> {
    await this.db.em().execute(
      `insert into asset_balances (asset_id, balance, reserved, usd_price, updated_at)
         values (?, ?::numeric, 0, ?::numeric, ?)
         on conflict (asset_id) do update set balance = excluded.balance, usd_price = excluded.usd_price,
           updated_at = excluded.updated_at`,
      [assetId, balance.toString(), usdPrice, this.clock.now()],
      'run',
    );
    this.changed();
  }

  /** Money arrived (the sandbox's incoming transfers; Mixin's arrive through the next balance sync). */
  async credit(assetId: string, amount: Amount): Promise<void> {
    await this.db.em().execute(
      `insert into asset_balances (asset_id, balance, reserved, usd_price, updated_at) values (?, ?::numeric, 0, null, ?)
         on conflict (asset_id) do update set balance = asset_balances.balance + excluded.balance, updated_at = excluded.updated_at`,
      [assetId, amount.toString(), this.clock.now()],
      'run',
    );
    this.changed();
  }

  private async close(orderRef: string, state: 'released' | 'consumed', spent: boolean): Promise<void> {
    await this.db.run(async () => {
      const em = this.db.em();
      const now = this.clock.now();
      const rows = await em.execute<{ asset_id: string; amount: string }[]>(
        `update reservations set state = ?, updated_at = ? where order_ref = ? and state = 'held'
         returning asset_id, amount::text as amount`,
        [state, now, orderRef],
        'all',
      );
      const row = rows[0];
      if (!row) return;
      // greatest(…, 0): a Mixin balance sync may already have counted the money as gone.
      const settle = async () => {
        await this.db.em().execute(
          `update asset_balances set reserved = greatest(reserved - ?::numeric, 0),
               balance = greatest(balance - ?::numeric, 0), updated_at = ? where asset_id = ?`,
          [row.amount, spent ? row.amount : '0', now, row.asset_id],
          'run',
        );
        this.changed();
      };
      // A transfer's consume leaves the available amount as it is (balance and reserved both
      // drop), so it can wait for the end of its transaction: every settled transfer of an asset
      // writes that one row, and its lock is then held for the commit only.
      if (spent) await this.db.atCommit(settle);
      else await settle();
    });
  }
}
