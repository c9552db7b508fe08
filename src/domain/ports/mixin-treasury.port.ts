import type { Amount } from '../money/amount.js';

/** What the bot holds of one asset on Mixin, and its price there. */
export interface BotBalance {
  readonly balance: Amount;
  /** USD price as decimal text, null when Mixin has none. */
  readonly usdPrice: string | null;
}

export interface TransferRequest {
  /** MixPay's trace id: the Mixin request id, so a retry can never pay twice. */
  readonly requestId: string;
  readonly assetId: string;
  readonly opponentId: string;
  readonly amount: Amount;
  readonly memo: string;
  /**
   * No earlier attempt ran under this request id (the outbox row's first claim), so nothing can be
   * stored to resume: the treasury may prepare the transaction before it knows. Only a hint for
   * speed; whether a transaction is stored is still looked up.
   */
  readonly firstAttempt?: boolean;
}

export interface TransferReceipt {
  readonly requestId: string;
  readonly transactionHash: string;
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
 * The broker's bot on Mixin, and only that: the money it holds there, moves and receives. Nothing
 * here touches the database ledger (BalanceLedger), which keeps the books create_order relies on.
 */
export interface MixinTreasury {
  /** 'sandbox' moves no real money. */
  readonly mode: 'sandbox' | 'mixin';
  /**
   * What the bot holds of each of `assetIds` (lower-cased; zero for one it no longer holds), for
   * the ledger to record. Empty when there is no book outside the ledger (the sandbox).
   */
  balances(assetIds: readonly string[]): Promise<ReadonlyMap<string, BotBalance>>;
  /**
   * Sends money. Idempotent on `requestId`: a retry never pays twice. Throws on failure; an error
   * with `retryable: false` will not succeed by retrying.
   */
  transfer(request: TransferRequest): Promise<TransferReceipt>;
  /** Incoming transfers after `cursor` (null: from the start), oldest first. */
  incoming(cursor: string | null, limit: number): Promise<{ transfers: IncomingTransfer[]; cursor: string | null }>;
}
