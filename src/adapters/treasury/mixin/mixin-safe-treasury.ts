import { Amount } from '../../../domain/money/amount.js';
import type { Logger } from '../../../domain/ports/logger.port.js';
import type {
  BotBalance,
  IncomingTransfer,
  MixinTreasury,
  TransferReceipt,
  TransferRequest,
} from '../../../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../../../domain/ports/notifier.port.js';
import type { OutputPool } from '../../../domain/ports/output-pool.port.js';
import type { MixinKeystore } from './keystore.js';
import { connectMixin, type MixinClientSettings, type MixinConnection } from './mixin-client.js';
import { toPoolOutput } from './pool-sync.js';
import { unspentBalances, unspentOutputs, usdPrices } from './safe-balances.js';
import { incomingSnapshots } from './safe-snapshots.js';
import { DEFAULT_SAFE_TRANSFER_SETTINGS, SafeTransfers, type SafeTransferSettings } from './safe-transfers.js';

export interface MixinSafeTreasuryOptions {
  /** The shared output pool (PostgreSQL): what lets transfers of one asset run in parallel across processes. */
  readonly pool: OutputPool;
  readonly settings?: Partial<SafeTransferSettings>;
  /** Where 10105 ("locked by another transaction") is reported. */
  readonly notifier?: Notifier;
  readonly log?: Logger;
}

/** The bot on Mixin's Safe API: its balances and prices, its transfers and incoming snapshots. */
export class MixinSafeTreasury implements MixinTreasury {
  readonly mode = 'mixin' as const;
  readonly transfers: SafeTransfers;

  constructor(
    private readonly conn: MixinConnection,
    private readonly options: MixinSafeTreasuryOptions,
  ) {
    const settings = { ...DEFAULT_SAFE_TRANSFER_SETTINGS, ...options.settings };
    this.transfers = new SafeTransfers(conn, options.pool, settings, { notifier: options.notifier, log: options.log });
  }

  static connect(keystore: MixinKeystore, settings: MixinClientSettings, options: MixinSafeTreasuryOptions): MixinSafeTreasury {
    return new MixinSafeTreasury(connectMixin(keystore, settings), options);
  }

  /** Idempotent on the request id; throws `TransferError` (with `retryable`) when nothing was paid. */
  async transfer(request: TransferRequest): Promise<TransferReceipt> {
    const transactionHash = await this.transfers.send(
      {
        requestId: request.requestId,
        assetId: request.assetId,
        opponentId: request.opponentId,
        amount: request.amount.toPlainString(),
        memo: request.memo,
      },
      { firstAttempt: request.firstAttempt === true },
    );
    return { requestId: request.requestId, transactionHash };
  }

  incoming(cursor: string | null, limit: number): Promise<{ transfers: IncomingTransfer[]; cursor: string | null }> {
    return incomingSnapshots(this.conn, cursor, limit);
  }

  /**
   * The bot's balances (unspent outputs) and USD prices of `assetIds`. An asset the bot no longer
   * holds is zero, so once recorded a spent balance cannot linger. The same complete listing
   * refreshes the output pool (the treasury's own spending state, not the books): new outputs join
   * it, and outputs it no longer shows leave it (spent by something the pool did not build).
   */
  async balances(assetIds: readonly string[]): Promise<ReadonlyMap<string, BotBalance>> {
    const ids = [...new Set(assetIds.map((id) => id.toLowerCase()))];
    const listedAt = new Date();
    const [outputs, prices] = await Promise.all([unspentOutputs(this.conn), usdPrices(this.conn, ids)]);
    const balances = await unspentBalances(this.conn, outputs);
    const pooled = outputs.map(toPoolOutput);
    await this.options.pool.absorb(pooled, new Date());
    const keys = new Set(pooled.map((o) => o.key));
    for (const id of ids) await this.options.pool.reconcile(id, keys, listedAt, new Date());
    for (const id of ids) this.transfers.upkeep.check(id);
    return new Map(ids.map((id) => [id, { balance: balances.get(id) ?? Amount.zero(), usdPrice: prices.get(id) ?? null }]));
  }
}
