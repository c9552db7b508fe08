import { Amount } from '../../../domain/money/amount.js';
import type { Logger } from '../../../domain/ports/logger.port.js';
import type {
  IncomingTransfer,
  OutputPoolSize,
  TransferReceipt,
  TransferRequest,
} from '../../../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../../../domain/ports/notifier.port.js';
import type { PgOutputPool } from '../../persistence/pg-output-pool.js';
import type { ReservationLedger } from '../../persistence/reservation-ledger.js';
import { LedgerBackedTreasury } from '../ledger-backed-treasury.js';
import type { MixinKeystore } from './keystore.js';
import { connectMixin, type MixinClientSettings, type MixinConnection } from './mixin-client.js';
import { toPoolOutput } from './pool-sync.js';
import { unspentBalances, unspentOutputs, usdPrices } from './safe-balances.js';
import { incomingSnapshots } from './safe-snapshots.js';
import { DEFAULT_SAFE_TRANSFER_SETTINGS, SafeTransfers, type SafeTransferSettings } from './safe-transfers.js';

export interface MixinSafeTreasuryOptions {
  /** The shared output pool (PostgreSQL): what lets transfers of one asset run in parallel across processes. */
  readonly pool: PgOutputPool;
  readonly settings?: Partial<SafeTransferSettings>;
  /** Where 10105 ("locked by another transaction") is reported. */
  readonly notifier?: Notifier;
  readonly log?: Logger;
}

/**
 * The bot on Mixin's Safe API. Balances, prices and reservations are kept in the database ledger
 * (refreshed by `refreshBalances`), so creating an order never waits on Mixin; transfers and
 * incoming snapshots go to Mixin.
 */
export class MixinSafeTreasury extends LedgerBackedTreasury {
  readonly mode = 'mixin' as const;
  readonly transfers: SafeTransfers;

  constructor(
    ledger: ReservationLedger,
    private readonly conn: MixinConnection,
    private readonly options: MixinSafeTreasuryOptions,
  ) {
    super(ledger);
    const settings = { ...DEFAULT_SAFE_TRANSFER_SETTINGS, ...options.settings };
    this.transfers = new SafeTransfers(conn, options.pool, settings, { notifier: options.notifier, log: options.log });
  }

  static connect(
    ledger: ReservationLedger,
    keystore: MixinKeystore,
    settings: MixinClientSettings,
    options: MixinSafeTreasuryOptions,
  ): MixinSafeTreasury {
    return new MixinSafeTreasury(ledger, connectMixin(keystore, settings), options);
  }

  /** Idempotent on the request id; throws `TransferError` (with `retryable`) when nothing was paid. */
  async transfer(request: TransferRequest): Promise<TransferReceipt> {
    const transactionHash = await this.transfers.send({
      requestId: request.requestId,
      assetId: request.assetId,
      opponentId: request.opponentId,
      amount: request.amount.toPlainString(),
      memo: request.memo,
    });
    return { requestId: request.requestId, transactionHash };
  }

  incoming(cursor: string | null, limit: number): Promise<{ transfers: IncomingTransfer[]; cursor: string | null }> {
    return incomingSnapshots(this.conn, cursor, limit);
  }

  override outputPools(assetIds: readonly string[]): Promise<Map<string, OutputPoolSize>> {
    return this.options.pool.sizes(assetIds.map((id) => id.toLowerCase()), new Date());
  }

  /**
   * Copies the bot's balances (unspent outputs) and USD prices of `assetIds` into the ledger. An
   * asset the bot no longer holds is written as zero, so a spent balance cannot linger. The same
   * complete listing refreshes the output pool: new outputs join it, and outputs it no longer
   * shows leave it (spent by something the pool did not build).
   */
  async refreshBalances(assetIds: readonly string[]): Promise<void> {
    const ids = [...new Set(assetIds.map((id) => id.toLowerCase()))];
    const listedAt = new Date();
    const [outputs, prices] = await Promise.all([unspentOutputs(this.conn), usdPrices(this.conn, ids)]);
    const balances = await unspentBalances(this.conn, outputs);
    for (const id of ids) await this.ledger.setBalance(id, balances.get(id) ?? Amount.zero(), prices.get(id) ?? null);
    const pooled = outputs.map(toPoolOutput);
    await this.options.pool.absorb(pooled, new Date());
    const keys = new Set(pooled.map((o) => o.key));
    for (const id of ids) await this.options.pool.reconcile(id, keys, listedAt, new Date());
    for (const id of ids) this.transfers.upkeep.check(id);
  }
}
