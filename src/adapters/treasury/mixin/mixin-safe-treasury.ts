import { Amount } from '../../../domain/money/amount.js';
import type {
  BotBalance,
  IncomingTransfer,
  MixinTreasury,
  TransferReceipt,
  TransferRequest,
} from '../../../domain/ports/mixin-treasury.port.js';
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

/** The bot on Mixin's Safe API: its balances and prices, its transfers and incoming snapshots. */
export class MixinSafeTreasury implements MixinTreasury {
  readonly mode = 'mixin' as const;
  private readonly transfers: SafeTransfers;

  constructor(
    private readonly conn: MixinConnection,
    options: MixinSafeTreasuryOptions = {},
  ) {
    this.transfers = new SafeTransfers(conn, options.transferLock);
  }

  static connect(keystore: MixinKeystore, settings: MixinClientSettings = {}, options: MixinSafeTreasuryOptions = {}): MixinSafeTreasury {
    return new MixinSafeTreasury(connectMixin(keystore, settings), options);
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
   * The bot's balances (unspent outputs) and USD prices of `assetIds`. An asset the bot no longer
   * holds is zero, so once recorded a spent balance cannot linger.
   */
  async balances(assetIds: readonly string[]): Promise<ReadonlyMap<string, BotBalance>> {
    const ids = [...new Set(assetIds.map((id) => id.toLowerCase()))];
    const [balances, prices] = await Promise.all([unspentBalances(this.conn), usdPrices(this.conn, ids)]);
    return new Map(ids.map((id) => [id, { balance: balances.get(id) ?? Amount.zero(), usdPrice: prices.get(id) ?? null }]));
  }
}
