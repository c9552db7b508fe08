import type { ExpireAndReconcile } from '../../application/orders/expire-and-reconcile.use-case.js';
import type { RefundPayers } from '../../application/refunds/refund-payers.use-case.js';
import type { SettlePaidOrders } from '../../application/settlement/settle-paid-orders.use-case.js';
import type { SyncBalances } from '../../application/settlement/sync-balances.use-case.js';
import type { WatchIncomingTransfers } from '../../application/refunds/watch-incoming-transfers.use-case.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import { PeriodicWorker, type WorkerHealth } from './periodic-worker.js';

export interface WorkerIntervals {
  readonly settleEveryMs: number;
  readonly refundEveryMs: number;
  readonly incomingEveryMs: number;
  readonly reconcileEveryMs: number;
  readonly balanceSyncEveryMs: number;
}

/** The use-cases the workers run, one step each; typed by class, so one cannot stand in for another. */
export interface WorkerSteps {
  readonly balanceSync: SyncBalances;
  readonly settlement: SettlePaidOrders;
  readonly refunds: RefundPayers;
  readonly incoming: WatchIncomingTransfers;
  readonly expiryReconciliation: ExpireAndReconcile;
}

/** Told after each step that ran without an error (the last-success metric). */
export interface WorkerObserver {
  workerStepSucceeded(worker: string, at: Date): void;
}

/** The broker's background work: settlement, refunds, incoming transfers, expiry/reconciliation, balance sync. */
export class BrokerWorkers {
  readonly all: readonly PeriodicWorker[];
  private readonly settle: SettlePaidOrders;
  private readonly settlement: PeriodicWorker;

  /** `clock` stamps the workers' activity, which readiness compares with the same clock. */
  constructor(steps: WorkerSteps, intervals: WorkerIntervals, log: Logger, clock: Clock, observer?: WorkerObserver) {
    const worker = (name: string, step: () => Promise<number>, every: number) => {
      const succeeded = () => observer?.workerStepSucceeded(name, clock.now());
      return new PeriodicWorker(name, step, every, log.child({ worker: name }), () => clock.now(), succeeded);
    };
    const runOnce = (u: { runOnce(): Promise<number> }) => () => u.runOnce();
    this.settle = steps.settlement;
    // The settlement worker pumps: transfers stay in flight across steps instead of in rounds.
    this.settlement = worker('settlement', () => this.settle.pump(), intervals.settleEveryMs);
    this.all = [
      worker('balance-sync', runOnce(steps.balanceSync), intervals.balanceSyncEveryMs),
      this.settlement,
      worker('refunds', runOnce(steps.refunds), intervals.refundEveryMs),
      worker('incoming', runOnce(steps.incoming), intervals.incomingEveryMs),
      worker('expiry-reconciliation', runOnce(steps.expiryReconciliation), intervals.reconcileEveryMs),
    ];
  }

  /**
   * A payment was recorded (here, through the `WorkSignal`, or in another process, through NOTIFY):
   * the transfer starts now; polling stays the safety net.
   */
  transfersQueued(): void {
    this.settle.nudge();
    this.settlement.wake();
  }

  health(): WorkerHealth[] {
    return this.all.map((w) => w.health());
  }

  start(): void {
    for (const w of this.all) w.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((w) => w.stop()));
    // A pump step returns while transfers are still in flight; a graceful stop lets them finish.
    await this.settle.drain();
  }
}
