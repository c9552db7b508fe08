import { Amount } from '../../domain/money/amount.js';
import { ORDER_STATUSES, type OrderStatus } from '../../domain/order/order-status.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { BalanceLedger } from '../../domain/ports/balance-ledger.port.js';
import type { OperationsStats, QueueBacklog } from '../../domain/ports/operations-stats.port.js';

export interface DashboardQueue {
  open: number;
  oldest_queued_at: string | null;
  oldest_age_seconds: number | null;
  failed: number;
}

export interface DashboardBalance {
  asset_id: string;
  balance: string | null;
  reserved: string | null;
  available: string | null;
  /** The `alerts.lowBalance` threshold; null when none is set. */
  alert_below: string | null;
  /** Available under its threshold (an alert is raised for it). */
  low: boolean;
}

export interface Dashboard {
  generated_at: string;
  orders: {
    /** Unfinished orders per status, however old: the work in progress. */
    open: Record<string, number>;
    /** Every status, for orders created in the last 24 hours. */
    last_24h: Record<string, number>;
  };
  settlement: DashboardQueue;
  refunds: DashboardQueue;
  balances: DashboardBalance[];
}

export interface GetDashboardDeps {
  readonly stats: OperationsStats;
  readonly ledger: BalanceLedger;
  readonly clock: Clock;
  /** The assets the wallets offer and their low-balance thresholds, as balance sync sees them. */
  readonly balances: { readonly assetIds: () => readonly string[]; readonly lowBalance: ReadonlyMap<string, Amount> };
}

/** Orders the broker or an operator still has to finish (expired, failed and settled can move again, but rarely). */
const OPEN_STATUSES: readonly OrderStatus[] = [
  'creating',
  'awaiting_payment',
  'paid',
  'settling',
  'settlement_failed',
  'needs_review',
  'refund_pending',
];
const DAY_MS = 24 * 60 * 60 * 1000;

/** The operator's overview: orders per status, the two queues and their oldest job, balances against their alert thresholds. */
export class GetDashboard {
  constructor(private readonly d: GetDashboardDeps) {}

  async execute(): Promise<Dashboard> {
    const now = this.d.clock.now();
    const assetIds = [...new Set([...this.d.balances.assetIds(), ...this.d.balances.lowBalance.keys()])];
    const [open, lastDay, settlement, refunds, holdings] = await Promise.all([
      this.d.stats.orderCounts(OPEN_STATUSES, null),
      this.d.stats.orderCounts(ORDER_STATUSES, new Date(now.getTime() - DAY_MS)),
      this.d.stats.settlementBacklog(),
      this.d.stats.refundBacklog(),
      this.d.ledger.holdings(assetIds),
    ]);
    const zeros = (statuses: readonly string[]) => Object.fromEntries(statuses.map((s) => [s, 0]));
    return {
      generated_at: now.toISOString(),
      orders: { open: { ...zeros(OPEN_STATUSES), ...open }, last_24h: { ...zeros(ORDER_STATUSES), ...lastDay } },
      settlement: queue(settlement, now),
      refunds: queue(refunds, now),
      balances: assetIds.map((assetId) => {
        const h = holdings.get(assetId);
        const threshold = this.d.balances.lowBalance.get(assetId) ?? null;
        return {
          asset_id: assetId,
          balance: h?.balance.toString() ?? null,
          reserved: h?.reserved.toString() ?? null,
          available: h?.available.toString() ?? null,
          alert_below: threshold?.toString() ?? null,
          low: threshold !== null && (h?.available ?? Amount.zero()).lt(threshold),
        };
      }),
    };
  }
}

function queue(b: QueueBacklog, now: Date): DashboardQueue {
  return {
    open: b.open,
    oldest_queued_at: b.oldestQueuedAt?.toISOString() ?? null,
    oldest_age_seconds: b.oldestQueuedAt ? Math.max(0, Math.floor((now.getTime() - b.oldestQueuedAt.getTime()) / 1000)) : null,
    failed: b.failed,
  };
}
