import { createHash } from 'node:crypto';
import type { Amount } from '../../domain/money/amount.js';
import type {
  AssetHolding,
  IncomingTransfer,
  MixinTreasury,
  TransferReceipt,
  TransferRequest,
} from '../../domain/ports/mixin-treasury.port.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { DbContext } from '../persistence/db-context.js';
import { SandboxTransferEntity } from '../persistence/entities/sandbox-transfer.entity.js';
import type { ReservationLedger } from '../persistence/reservation-ledger.js';

export interface SandboxAsset {
  readonly assetId: string;
  readonly balance: Amount;
  readonly usdPrice: string;
}

/**
 * A treasury that moves no money: balances and prices come from config, transfers are rows in
 * `sandbox_transfers`. Used whenever no Mixin keystore is configured.
 */
export class SandboxTreasury implements MixinTreasury {
  readonly mode = 'sandbox' as const;

  constructor(
    private readonly ledger: ReservationLedger,
    private readonly db: DbContext,
    private readonly clock: Clock,
  ) {}

  /** Sets each configured asset's balance and price; reservations of open orders are kept. */
  async seed(assets: readonly SandboxAsset[]): Promise<void> {
    for (const a of assets) await this.ledger.setBalance(a.assetId, a.balance, a.usdPrice);
  }

  holdings(assetIds: readonly string[]): Promise<Map<string, AssetHolding>> {
    return this.ledger.holdings(assetIds);
  }

  reserve(orderRef: string, assetId: string, amount: Amount): Promise<boolean> {
    return this.ledger.reserve(orderRef, assetId, amount);
  }

  release(orderRef: string): Promise<void> {
    return this.ledger.release(orderRef);
  }

  /** Idempotent on the request id, like Mixin: a repeated request returns the first receipt. */
  async transfer(request: TransferRequest): Promise<TransferReceipt> {
    const hash = createHash('sha256').update(`sandbox:${request.requestId}`).digest('hex');
    const em = this.db.em();
    await em
      .createQueryBuilder(SandboxTransferEntity)
      .insert({
        requestId: request.requestId,
        assetId: request.assetId,
        opponentId: request.opponentId,
        amount: request.amount.toString(),
        memo: request.memo,
        transactionHash: hash,
        createdAt: this.clock.now(),
      })
      .onConflict('requestId')
      .ignore()
      .execute('run');
    return { requestId: request.requestId, transactionHash: hash };
  }

  async incoming(cursor: string | null): Promise<{ transfers: IncomingTransfer[]; cursor: string | null }> {
    return { transfers: [], cursor };
  }
}
