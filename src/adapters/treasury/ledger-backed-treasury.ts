import type { Amount } from '../../domain/money/amount.js';
import type {
  AssetHolding,
  IncomingTransfer,
  MixinTreasury,
  OutputPoolSize,
  TransferReceipt,
  TransferRequest,
} from '../../domain/ports/mixin-treasury.port.js';
import type { ReservationLedger } from '../persistence/reservation-ledger.js';

/**
 * What every treasury shares: balances, prices and reservations live in the database ledger, so
 * create_order never waits on Mixin and reservations commit with their order. Subclasses move money.
 */
export abstract class LedgerBackedTreasury implements MixinTreasury {
  abstract readonly mode: 'sandbox' | 'mixin';

  constructor(protected readonly ledger: ReservationLedger) {}

  holdings(assetIds: readonly string[]): Promise<Map<string, AssetHolding>> {
    return this.ledger.holdings(assetIds);
  }

  reserve(orderRef: string, assetId: string, amount: Amount): Promise<boolean> {
    return this.ledger.reserve(orderRef, assetId, amount);
  }

  lockOpenReservations(payeeId: string): Promise<number> {
    return this.ledger.lockOpenReservations(payeeId);
  }

  release(orderRef: string): Promise<void> {
    return this.ledger.release(orderRef);
  }

  consume(orderRef: string): Promise<void> {
    return this.ledger.consume(orderRef);
  }

  /** No outputs to speak of unless a subclass has them. */
  outputPools(_assetIds: readonly string[]): Promise<Map<string, OutputPoolSize>> {
    return Promise.resolve(new Map());
  }

  abstract refreshBalances(assetIds: readonly string[]): Promise<void>;
  abstract transfer(request: TransferRequest): Promise<TransferReceipt>;
  abstract incoming(cursor: string | null, limit: number): Promise<{ transfers: IncomingTransfer[]; cursor: string | null }>;
}
