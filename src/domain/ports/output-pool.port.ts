import type { Dec } from '../money/decimal.js';

/** One of the bot's outputs as the pool knows it: enough to spend it. */
export interface PoolOutput {
  readonly key: string;
  readonly assetId: string;
  readonly kernelAsset: string;
  readonly transactionHash: string;
  readonly outputIndex: number;
  readonly amount: string;
  readonly sequence: number;
}

export type RequestKind = 'transfer' | 'split' | 'consolidate';

/** A transaction as stored before Mixin verified it; `raw` is the unsigned encoding. */
export interface StoredRequest {
  readonly requestId: string;
  readonly assetId: string;
  readonly kind: RequestKind;
  readonly raw: string;
  readonly state: 'built' | 'sent' | 'confirmed';
  readonly transactionHash: string | null;
}

/** A built transaction and the claimed outputs it spends, to be stored before Mixin sees it. */
export interface NewStoredRequest {
  readonly requestId: string;
  readonly assetId: string;
  readonly kind: RequestKind;
  readonly raw: string;
  readonly inputs: readonly string[];
  /** Outputs back to the bot (change, pieces of a split): what the pool waits for once it is sent. */
  readonly ownOutputs: number;
}

export interface PoolCounts {
  /** Unspent and not claimed: what the next transfer can take. */
  readonly free: number;
  /** Their sum, as decimal text. */
  readonly freeSum: string;
  /** Claimed by a transfer or split being built or in flight. */
  readonly claimed: number;
  /** Outputs back to the bot from sent transactions whose outputs have not shown up yet. */
  readonly pending: number;
  /** Splits or consolidations not yet confirmed. */
  readonly upkeepInFlight: number;
  /** Set aside for a while because Mixin said another transaction locks them (10105). */
  readonly held: number;
}

/** The outputs an asset's balance is held in (Mixin only): free ones are what parallel transfers run on. */
export interface OutputPoolSize {
  readonly free: number;
  /** Claimed by transfers (or splits) being built or in flight. */
  readonly claimed: number;
}

/** What a transfer's claim found: the transaction already stored under its request id (to resume), or outputs claimed for it. */
export type PoolClaim = { readonly stored: StoredRequest } | { readonly outputs: PoolOutput[] };

/** The kernel's limit of inputs per transaction. */
export const MAX_INPUTS = 256;

/**
 * The bot's outputs and the transactions built on them, shared by every broker process on one bot,
 * so that transfers of one asset run in parallel on disjoint outputs and a crash resumes the very
 * transaction it stored. A port so that the Mixin adapter, which only moves money, never reaches the
 * database itself (the PostgreSQL adapter is `PgOutputPool`).
 */
export interface OutputPool {
  /**
   * The transaction stored under `requestId` if there is one (a resumed attempt); else claims
   * outputs of `assetId` covering `amount` for it for `claimMs` (the smallest single output that
   * covers it, else the oldest ones together, at most 256); null when the free ones cannot. One
   * look-up for both, so a first attempt pays no separate `find`.
   */
  claim(assetId: string, requestId: string, amount: Dec, now: Date, claimMs: number): Promise<PoolClaim | null>;
  /** Claims the largest (to split) or smallest (to merge) free outputs. */
  claimForUpkeep(
    assetId: string,
    requestId: string,
    pick: { readonly order: 'largest' | 'smallest'; readonly limit: number },
    now: Date,
    claimMs: number,
  ): Promise<PoolOutput[]>;
  /**
   * Gives back claims of `requestId` that no stored transaction holds; with `keys`, only those
   * outputs (what this attempt claimed: another worker that took the request over keeps its own).
   */
  release(requestId: string, now: Date, keys?: readonly string[]): Promise<void>;
  /** Stores the transaction and binds its inputs to it for good; an already stored one wins and is returned. */
  store(request: NewStoredRequest, now: Date): Promise<StoredRequest>;
  find(requestId: string): Promise<StoredRequest | null>;
  /** The outputs a request claimed (its inputs). */
  inputsOf(requestId: string): Promise<string[]>;
  /** The transaction went out: its inputs are spent. */
  markSent(requestId: string, transactionHash: string, now: Date): Promise<void>;
  /** Mixin refused the stored transaction: forget it; its inputs go back, or are held for `holdMs`. */
  drop(requestId: string, inputs: 'free' | { holdMs: number }, now: Date): Promise<void>;
  /** Highest sequence seen for `assetId`: where an incremental listing resumes. */
  lastSequence(assetId: string): Promise<number | null>;
  /** Adds outputs Mixin lists as unspent; returns how many were new. */
  absorb(outputs: readonly PoolOutput[], now: Date): Promise<number>;
  /** After a complete listing taken at `listedAt`: free outputs it no longer shows were spent elsewhere. */
  reconcile(assetId: string, listedKeys: ReadonlySet<string>, listedAt: Date, now: Date): Promise<number>;
  counts(assetId: string, now: Date): Promise<PoolCounts>;
  /** Free and claimed outputs per asset, for operators; an asset without outputs is absent. */
  sizes(assetIds: readonly string[], now: Date): Promise<Map<string, OutputPoolSize>>;
  /** A split or consolidation stored but never finished (its worker died), leased for `leaseMs`. */
  takeStaleUpkeep(assetId: string, now: Date, leaseMs: number): Promise<StoredRequest | null>;
}
