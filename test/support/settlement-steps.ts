import { ExpireAndReconcile } from '../../src/application/orders/expire-and-reconcile.use-case.js';
import { RefundPayers } from '../../src/application/refunds/refund-payers.use-case.js';
import { SettlePaidOrders } from '../../src/application/settlement/settle-paid-orders.use-case.js';
import { WatchIncomingTransfers } from '../../src/application/refunds/watch-incoming-transfers.use-case.js';
import type { TestBroker } from './test-broker.js';

/** The background steps of a test broker started without workers, for a test to run one round at a time. */
export interface SettlementSteps {
  settle(): Promise<number>;
  refundPayers(): Promise<number>;
  watchIncoming(): Promise<number>;
  expireAndReconcile(): Promise<number>;
}

export function settlementSteps(t: TestBroker): SettlementSteps {
  const c = t.broker.container;
  return {
    settle: () => c.get(SettlePaidOrders).runOnce(),
    refundPayers: () => c.get(RefundPayers).runOnce(),
    watchIncoming: () => c.get(WatchIncomingTransfers).runOnce(),
    expireAndReconcile: () => c.get(ExpireAndReconcile).runOnce(),
  };
}
