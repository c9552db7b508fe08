import type { Container } from 'inversify';
import { ExpireAndReconcile } from '../../application/orders/expire-and-reconcile.use-case.js';
import { RefundPayers } from '../../application/refunds/refund-payers.use-case.js';
import { SettlePaidOrders } from '../../application/settlement/settle-paid-orders.use-case.js';
import { SyncBalances } from '../../application/settlement/sync-balances.use-case.js';
import { WatchIncomingTransfers } from '../../application/refunds/watch-incoming-transfers.use-case.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import { PeriodicWorker } from './periodic-worker.js';
import type { WorkSignals } from './work-signals.js';

export interface WorkerIntervals {
  readonly settleEveryMs: number;
  readonly refundEveryMs: number;
  readonly incomingEveryMs: number;
  readonly reconcileEveryMs: number;
  readonly balanceSyncEveryMs: number;
}

/** The broker's background work: settlement, refunds, incoming transfers, expiry/reconciliation, balance sync. */
export class BrokerWorkers {
  readonly all: readonly PeriodicWorker[];
  private readonly settle: SettlePaidOrders;
  private readonly settlement: PeriodicWorker;

  constructor(container: Container, intervals: WorkerIntervals, log: Logger, signals: WorkSignals) {
    const worker = (name: string, step: () => Promise<number>, every: number) => new PeriodicWorker(name, step, every, log.child({ worker: name }));
    const runOnce = (u: { runOnce(): Promise<number> }) => () => u.runOnce();
    this.settle = container.get(SettlePaidOrders);
    // The settlement worker pumps: transfers stay in flight across steps instead of in rounds.
    this.settlement = worker('settlement', () => this.settle.pump(), intervals.settleEveryMs);
    this.all = [
      worker('balance-sync', runOnce(container.get(SyncBalances)), intervals.balanceSyncEveryMs),
      this.settlement,
      worker('refunds', runOnce(container.get(RefundPayers)), intervals.refundEveryMs),
      worker('incoming', runOnce(container.get(WatchIncomingTransfers)), intervals.incomingEveryMs),
      worker('expiry-reconciliation', runOnce(container.get(ExpireAndReconcile)), intervals.reconcileEveryMs),
    ];
    // Polling stays the safety net; a recorded payment starts its transfer at once.
    signals.onTransfersQueued(() => this.transfersQueued());
  }

  /** A payment was recorded (here, or in another process through NOTIFY). */
  transfersQueued(): void {
    this.settle.nudge();
    this.settlement.poke();
  }

  start(): void {
    for (const w of this.all) w.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((w) => w.stop()));
    await this.settle.drain();
  }
}
