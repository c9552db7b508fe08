import { sqlConnection } from './database.js';

/*
 * Direct SQL on the test database for the settlement tests: what the sandbox treasury actually
 * "sent", the balances it keeps, the payer refunds, and what the mock wallet stored for itself.
 * Numerics come back as PostgreSQL prints them (8 decimals); compare them as decimals.
 */

export interface SandboxTransferRow {
  readonly request_id: string;
  readonly asset_id: string;
  readonly opponent_id: string;
  readonly amount: string;
  readonly memo: string;
  readonly transaction_hash: string;
}

export interface BalanceRow {
  readonly balance: string;
  readonly reserved: string;
}

export interface ReservationRow {
  readonly asset_id: string;
  readonly amount: string;
  readonly state: string;
}

export interface TransferStateRow {
  readonly trace_id: string;
  readonly state: string;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly transaction_hash: string | null;
}

export interface SettlementDb {
  /** Every row of the transfer outbox, by trace id. */
  transferRows(): Promise<TransferStateRow[]>;
  /** Puts a transfer row back in the queue, due now, whatever state it was in (a test's precondition). */
  requeueTransfer(traceId: string, state: 'pending' | 'in_flight'): Promise<void>;
  /** Every row of sandbox_transfers, oldest first. */
  sandboxTransfers(): Promise<SandboxTransferRow[]>;
  /** One asset's row of asset_balances. */
  balance(assetId: string): Promise<BalanceRow>;
  /** The reservation an order holds (or held), or null. */
  reservation(traceId: string): Promise<ReservationRow | null>;
  /** How many payer refunds exist for an order. */
  refundCount(traceId: string): Promise<number>;
  /** A value the mock wallet keeps in its plugin store (`payment:<id>`, `refund:<id>`), or null. */
  mockRecord<T = Record<string, unknown>>(key: string, wallet?: string): Promise<T | null>;
  /** Every refund the mock wallet recorded. */
  mockRefunds(wallet?: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function openSettlementDb(): Promise<SettlementDb> {
  const conn = await sqlConnection();
  return {
    transferRows: () =>
      conn.execute<TransferStateRow[]>(
        'select trace_id::text as trace_id, state, attempts, last_error, transaction_hash from transfers order by trace_id',
      ),
    async requeueTransfer(traceId, state) {
      // Due and claimable at once: pending with next_attempt_at, or in flight with a lease long gone.
      await conn.execute(
        `update transfers set state = ?, next_attempt_at = now() - interval '1 hour', lease_until = now() - interval '1 hour' where trace_id = ?`,
        [state, traceId],
      );
    },
    sandboxTransfers: () =>
      conn.execute<SandboxTransferRow[]>(
        `select request_id::text as request_id, asset_id::text as asset_id, opponent_id::text as opponent_id,
                amount::text as amount, memo, transaction_hash
           from sandbox_transfers order by created_at, request_id`,
      ),
    async balance(assetId) {
      const rows = await conn.execute<BalanceRow[]>(
        'select balance::text as balance, reserved::text as reserved from asset_balances where asset_id = ?',
        [assetId],
      );
      if (rows.length !== 1) throw new Error(`asset_balances has ${rows.length} rows for ${assetId}`);
      return rows[0]!;
    },
    async reservation(traceId) {
      const rows = await conn.execute<ReservationRow[]>(
        'select asset_id::text as asset_id, amount::text as amount, state from reservations where order_ref = ?',
        [traceId],
      );
      return rows[0] ?? null;
    },
    async refundCount(traceId) {
      const rows = await conn.execute<{ n: string }[]>('select count(*)::text as n from refunds where trace_id = ?', [traceId]);
      return Number(rows[0]!.n);
    },
    async mockRecord<T>(key: string, wallet = 'mock') {
      const rows = await conn.execute<{ value: T }[]>('select value from plugin_records where wallet = ? and key = ?', [wallet, key]);
      return rows[0]?.value ?? null;
    },
    async mockRefunds(wallet = 'mock') {
      const rows = await conn.execute<{ value: Record<string, unknown> }[]>(
        `select value from plugin_records where wallet = ? and key like 'refund:%' order by updated_at`,
        [wallet],
      );
      return rows.map((r) => r.value);
    },
    close: () => conn.close(),
  };
}
