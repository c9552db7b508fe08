import type { Amount } from '../money/amount.js';
import type { Dec } from '../money/decimal.js';

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

export interface TransferRequest {
  /** MixPay's trace id: the Mixin request id, so a retry can never pay twice. */
  readonly requestId: string;
  readonly assetId: string;
  readonly opponentId: string;
  readonly amount: Amount;
  readonly memo: string;
}

export interface TransferReceipt {
  readonly requestId: string;
  readonly transactionHash: string;
}

/** A transfer the treasury refused for good (insufficient balance, invalid receiver…). */
export class TransferRejected extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransferRejected';
  }
}

/** The outputs an asset's balance is held in (Mixin only): free ones are what parallel transfers run on. */
export interface OutputPoolSize {
  readonly free: number;
  /** Claimed by transfers (or splits) being built or in flight. */
  readonly claimed: number;
}

/** Mixin's "insufficient balance": the bot lacks the money now; it may arrive before the order's deadline. */
export const INSUFFICIENT_BALANCE = 20117;

export function isInsufficientBalance(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === INSUFFICIENT_BALANCE;
}

export interface IncomingTransfer {
  readonly snapshotId: string;
  readonly assetId: string;
  readonly amount: Amount;
  readonly opponentId: string;
  readonly memo: string;
  readonly createdAt: Date;
}

/**
 * The broker's bot on Mixin: what it holds, what is promised out of it, and the money it moves.
 * `reserve` and `release` join the current unit of work.
 */
export interface MixinTreasury {
  /** 'sandbox' moves no real money. */
  readonly mode: 'sandbox' | 'mixin';
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
  /** Refreshes the local copy of balances and prices from the source (Mixin); the sandbox keeps its own. */
  refreshBalances(assetIds: readonly string[]): Promise<void>;
  /**
   * Sends money. Idempotent on `requestId`: a retry never pays twice. Throws on failure; an error
   * with `retryable: false` will not succeed by retrying.
   */
  transfer(request: TransferRequest): Promise<TransferReceipt>;
  /** Per asset, the outputs its balance is held in; empty for a treasury without outputs (the sandbox). */
  outputPools(assetIds: readonly string[]): Promise<Map<string, OutputPoolSize>>;
  /** Incoming transfers after `cursor` (null: from the start), oldest first. */
  incoming(cursor: string | null, limit: number): Promise<{ transfers: IncomingTransfer[]; cursor: string | null }>;
}
