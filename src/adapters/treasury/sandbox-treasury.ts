import { createHash, randomUUID } from 'node:crypto';
import { Amount } from '../../domain/money/amount.js';
import type {
  BotBalance,
  IncomingTransfer,
  MixinTreasury,
  TransferReceipt,
  TransferRequest,
} from '../../domain/ports/mixin-treasury.port.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { DbContext } from '../persistence/db-context.js';
import { SandboxTransferEntity } from '../persistence/entities/sandbox-transfer.entity.js';
import type { ReservationLedger } from '../persistence/reservation-ledger.js';

interface SandboxSnapshotRow {
  seq: string;
  snapshot_id: string;
  asset_id: string;
  amount: string;
  opponent_id: string;
  memo: string;
  created_at: string | Date;
}

export interface SandboxAsset {
  readonly assetId: string;
  readonly balance: Amount;
  readonly usdPrice: string;
}

/**
 * The sandbox has no bot outside the database, so what it "holds" is written straight into the
 * ledger (a real bot's balances reach the ledger through the balance sync instead).
 */
export type SandboxBook = Pick<ReservationLedger, 'setBalance' | 'credit'>;

/**
 * A treasury that moves no money: balances and prices come from config, transfers are rows in
 * `sandbox_transfers`. Used whenever no Mixin keystore is configured.
 */
export class SandboxTreasury implements MixinTreasury {
  readonly mode = 'sandbox' as const;

  constructor(
    private readonly db: DbContext,
    private readonly clock: Clock,
    private readonly book: SandboxBook,
  ) {}

  /** Sets each configured asset's balance and price; reservations of open orders are kept. */
  async seed(assets: readonly SandboxAsset[]): Promise<void> {
    for (const a of assets) await this.book.setBalance(a.assetId, a.balance, a.usdPrice);
  }

  /** Nothing to copy: the sandbox's balances are the ledger's own (seeded, credited, consumed there). */
  async balances(): Promise<ReadonlyMap<string, BotBalance>> {
    return new Map();
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

  /** Incoming transfers recorded with `recordIncoming`, oldest first; the cursor is the last sequence number. */
  async incoming(cursor: string | null, limit: number): Promise<{ transfers: IncomingTransfer[]; cursor: string | null }> {
    const rows = await this.db.em().execute<SandboxSnapshotRow[]>(
      `select seq::text as seq, snapshot_id, asset_id, amount::text as amount, opponent_id, memo, created_at
         from sandbox_snapshots where seq > ? order by seq limit ?`,
      [cursor ?? '0', limit],
      'all',
    );
    return {
      transfers: rows.map((r) => ({
        snapshotId: r.snapshot_id,
        assetId: r.asset_id,
        amount: Amount.of(r.amount),
        opponentId: r.opponent_id,
        memo: r.memo,
        createdAt: new Date(r.created_at),
      })),
      cursor: rows.length > 0 ? rows[rows.length - 1]!.seq : cursor,
    };
  }

  /** Sandbox only: pretend someone (MixPay) sent the bot money, so refund flows can be tried without Mixin. */
  async recordIncoming(t: { assetId: string; amount: Amount; opponentId: string; memo: string }): Promise<string> {
    const snapshotId = randomUUID();
    await this.db
      .em()
      .execute(
        `insert into sandbox_snapshots (snapshot_id, asset_id, amount, opponent_id, memo, created_at) values (?, ?, ?::numeric, ?, ?, ?)`,
        [snapshotId, t.assetId, t.amount.toString(), t.opponentId, t.memo, this.clock.now()],
        'run',
      );
    await this.book.credit(t.assetId, t.amount);
    return snapshotId;
  }
}
