/* The admin API's answers, as the console reads them. Money is always a decimal string. */

// The answers the server builds, by type only (erased from the bundle): the console cannot drift from them.
import type { OrderView } from '../../../../../application/operations/get-order-view.query.js';
import type { IncomingOutcome } from '../../../../../domain/ports/incoming-transfer-log.port.js';
import type { OrderListItem } from '../../../../../application/operations/search-orders.query.js';

export type { OrderListItem, OrderView };

export interface OrderList {
  orders: OrderListItem[];
  next_cursor: string | null;
}

export interface WalletAsset {
  asset_id: string;
  currency: string;
  min: string;
  max: string;
  fee: string;
  balance: string | null;
  reserved: string | null;
  available: string | null;
}

export interface WalletRow {
  wallet: string;
  plugin: string;
  plugin_version: string | null;
  enabled: boolean;
  status: string;
  problem: string | null;
  paused: boolean;
  tripped: boolean;
  consecutive_failures: number;
  taking_orders: boolean;
  assets: WalletAsset[];
}

export interface Queue {
  open: number;
  oldest_queued_at: string | null;
  oldest_age_seconds: number | null;
  failed: number;
}

export interface Dashboard {
  generated_at: string;
  orders: { open: Record<string, number>; last_24h: Record<string, number> };
  settlement: Queue;
  refunds: Queue;
  balances: {
    asset_id: string;
    balance: string | null;
    reserved: string | null;
    available: string | null;
    alert_below: string | null;
    low: boolean;
  }[];
}

export interface IncomingRow {
  snapshot_id: string;
  asset_id: string;
  amount: string;
  opponent_id: string;
  memo: string;
  created_at: string;
  outcome: string;
  trace_id: string | null;
  refund_code: string | null;
}

export { ORDER_STATUSES } from '../../../../../domain/order/order-status.js';

/** In the order an operator reads them: what needs them first. */
export const INCOMING_OUTCOMES = [
  'unmatched',
  'mismatch',
  'deferred',
  'refund_applied',
  'received',
  'duplicate',
] as const satisfies readonly IncomingOutcome[];
