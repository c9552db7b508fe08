/* The admin API's answers, as the console reads them. Money is always a decimal string. */

export interface OrderListItem {
  trace_id: string;
  status: string;
  wallet: string;
  payee_id: string;
  asset_id: string;
  amount: string;
  fee: string;
  currency: string;
  payment_id: string | null;
  created_at: string;
  updated_at: string;
  expired_at: string;
}

export interface OrderList {
  orders: OrderListItem[];
  next_cursor: string | null;
}

export interface OrderView {
  trace_id: string;
  status: string;
  wallet: string;
  payee_id: string;
  asset_id: string;
  amount: string;
  fee: string;
  pay_amount: string;
  currency: string;
  memo: string;
  opponent_id: string;
  expired_at: string;
  return_url: string;
  payment_id: string | null;
  links: { checkout_url: string; deep_link: string; universal_url: string } | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
  mixpay_refund_code: string | null;
  reported_payment: { amount: string | null; currency: string | null } | null;
  next_check_at: string | null;
  history: { from: string | null; to: string; cause: string; at: string }[];
  transfer: { state: string; attempts: number; next_attempt_at: string; last_error: string | null; transaction_hash: string | null } | null;
  refund: {
    refund_id: string;
    kind: string;
    state: string;
    amount: string;
    currency: string;
    reason: string;
    attempts: number;
    last_error: string | null;
    provider_refund_id: string | null;
  } | null;
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

export const ORDER_STATUSES = [
  'creating',
  'awaiting_payment',
  'paid',
  'settling',
  'settled',
  'settlement_failed',
  'expired',
  'failed',
  'needs_review',
  'refund_pending',
  'refunded',
  'refunded_by_mixpay',
] as const;

export const INCOMING_OUTCOMES = ['unmatched', 'mismatch', 'deferred', 'refund_applied', 'received', 'duplicate'] as const;
