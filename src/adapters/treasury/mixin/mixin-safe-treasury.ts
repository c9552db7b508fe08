import { Amount } from '../../../domain/money/amount.js';
import type {
  IncomingTransfer,
  TransferReceipt,
  TransferRequest,
} from '../../../domain/ports/mixin-treasury.port.js';
import type { ReservationLedger } from '../../persistence/reservation-ledger.js';
import { LedgerBackedTreasury } from '../ledger-backed-treasury.js';
import type { CrossProcessLock } from './cross-process-lock.js';
import type { MixinKeystore } from './keystore.js';
import { connectMixin, type MixinClientSettings, type MixinConnection } from './mixin-client.js';
import { unspentBalances, usdPrices } from './safe-balances.js';
import { incomingSnapshots } from './safe-snapshots.js';
import { SafeTransfers } from './safe-transfers.js';

export interface MixinSafeTreasuryOptions {
  /** Serialises transfers of one asset across broker processes (e.g. a PostgreSQL advisory lock). */
  readonly transferLock?: CrossProcessLock;
}

/**
 * The bot on Mixin's Safe API. Balances, prices and reservations are kept in the database ledger
 * (refreshed by `refreshBalances`), so creating an order never waits on Mixin; transfers and
 * incoming snapshots go to Mixin.
 */
export class MixinSafeTreasury extends LedgerBackedTreasury {
  readonly mode = 'mixin' as const;
  private readonly transfers: SafeTransfers;

  constructor(
    ledger: ReservationLedger,
    private readonly conn: MixinConnection,
    options: MixinSafeTreasuryOptions = {},
  ) {
    super(ledger);
    this.transfers = new SafeTransfers(conn, options.transferLock);
  }

  static connect(
    ledger: ReservationLedger,
    keystore: MixinKeystore,
    settings: MixinClientSettings = {},
    options: MixinSafeTreasuryOptions = {},
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

  /**
   * Copies the bot's balances (unspent outputs) and USD prices of `assetIds` into the ledger. An
   * asset the bot no longer holds is written as zero, so a spent balance cannot linger.
   */
  async refreshBalances(assetIds: readonly string[]): Promise<void> {
    const ids = [...new Set(assetIds.map((id) => id.toLowerCase()))];
    const [balances, prices] = await Promise.all([unspentBalances(this.conn), usdPrices(this.conn, ids)]);
    for (const id of ids) await this.ledger.setBalance(id, balances.get(id) ?? Amount.zero(), prices.get(id) ?? null);
  }
}
