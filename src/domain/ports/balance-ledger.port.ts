import type { Amount } from '../money/amount.js';
import type { Dec } from '../money/decimal.js';
import type { BotBalance } from './mixin-treasury.port.js';

export interface AssetHolding {
  readonly assetId: string;
  /** What the bot holds, as last synchronised. */
  readonly balance: Amount;
  /** What open orders have reserved out of it. */
  readonly reserved: Amount;
  /** Balance minus reservations: what can still be promised. */
  readonly available: Amount;
  readonly usdPrice: Dec | null;
}

/**
 * The broker's books in its own database: the bot's balances as last synchronised, and what open
 * orders have reserved out of them. Every call joins the current unit of work, so a reservation
 * commits or rolls back with the order it belongs to, and create_order never waits on Mixin.
 */
export interface BalanceLedger {
  holdings(assetIds: readonly string[]): Promise<Map<string, AssetHolding>>;
  /** Atomically holds `amount` for an order; false when the available balance cannot cover it. */
  reserve(orderRef: string, assetId: string, amount: Amount): Promise<boolean>;
  /**
   * Inside a unit of work: serialises the reservations of one payee until it ends, and returns how
   * many of the payee's orders hold a reservation now, so a bound on them can be checked atomically.
   */
  lockOpenReservations(payeeId: string): Promise<number>;
  /** Gives an order's reservation back; a no-op when there is none or it was already released. */
  release(orderRef: string): Promise<void>;
  /** The reserved amount has left the bot (transferred): drop it from balance and reservations. */
  consume(orderRef: string): Promise<void>;
  /** Records balances and prices read from the bot (a sync); reservations are kept. */
  recordBalances(balances: ReadonlyMap<string, BotBalance>): Promise<void>;
}
