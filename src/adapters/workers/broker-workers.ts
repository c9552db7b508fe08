import type { Container } from 'inversify';
import { ExpireAndReconcile } from '../../application/orders/expire-and-reconcile.use-case.js';
import { RefundPayers } from '../../application/refunds/refund-payers.use-case.js';
import { SettlePaidOrders } from '../../application/settlement/settle-paid-orders.use-case.js';
import { SyncBalances } from '../../application/settlement/sync-balances.use-case.js';
import { WatchIncomingTransfers } from '../../application/refunds/watch-incoming-transfers.use-case.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import { PeriodicWorker } from './periodic-worker.js';

export interface WorkerIntervals {
  readonly settleEveryMs: number;
  readonly refundEveryMs: number;
  readonly incomingEveryMs: number;
  readonly reconcileEveryMs: number;
  readonly balanceSyncEveryMs: number;
}

export interface WorkerObserver {
  workerStepSucceeded(worker: string, at: Date): void;
}

/** The broker's background work: settlement, refunds, incoming transfers, expiry/reconciliation, balance sync. */
export class BrokerWorkers {
  readonly all: readonly PeriodicWorker[];

  constructor(container: Container, intervals: WorkerIntervals, log: Logger, observer?: WorkerObserver) {
    const worker = (name: string, step: { runOnce(): Promise<number> }, every: number) => {
      const succeeded = () => observer?.workerStepSucceeded(name, new Date());
      return new PeriodicWorker(name, () => step.runOnce(), every, log.child({ worker: name }), succeeded);
    };
    this.all = [
      worker('balance-sync', container.get(SyncBalances), intervals.balanceSyncEveryMs),
      worker('settlement', container.get(SettlePaidOrders), intervals.settleEveryMs),
      worker('refunds', container.get(RefundPayers), intervals.refundEveryMs),
      worker('incoming', container.get(WatchIncomingTransfers), intervals.incomingEveryMs),
      worker('expiry-reconciliation', container.get(ExpireAndReconcile), intervals.reconcileEveryMs),
    ];
  }

  start(): void {
    for (const w of this.all) w.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((w) => w.stop()));
  }
}
