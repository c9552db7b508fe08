import type { ServiceIdentifier } from 'inversify';
import type { OrderLimits } from '../application/orders/create-order.use-case.js';
import type { GetAssetRangesDeps } from '../application/orders/get-asset-ranges.use-case.js';
import type { SyncBalancesDeps } from '../application/settlement/sync-balances.use-case.js';
import type { WorkerPolicies } from '../application/shared/worker-policies.js';
import type { ReturnUrlPolicy } from '../domain/order/return-url-policy.js';
import type { BalanceLedger } from '../domain/ports/balance-ledger.port.js';
import type { BrokerLinks } from '../domain/ports/broker-links.port.js';
import type { BrokerMetrics } from '../domain/ports/broker-metrics.port.js';
import type { Clock } from '../domain/ports/clock.port.js';
import type { IdGenerator } from '../domain/ports/id-generator.port.js';
import type { IncomingTransferLog } from '../domain/ports/incoming-transfer-log.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import type { MixinTreasury } from '../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../domain/ports/notifier.port.js';
import type { OperationsStats } from '../domain/ports/operations-stats.port.js';
import type { OrderAdmission } from '../domain/ports/order-admission.port.js';
import type { OrderRepository } from '../domain/ports/order.repository.port.js';
import type { OrderSearch } from '../domain/ports/order-search.port.js';
import type { RefundQueue } from '../domain/ports/refund-queue.port.js';
import type { SettlementQueue } from '../domain/ports/settlement-queue.port.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.port.js';
import type { WalletEventLog } from '../domain/ports/wallet-event-log.port.js';
import type { WalletRegistry } from '../domain/ports/wallet-registry.port.js';
import type { WorkSignal } from '../domain/ports/work-signal.port.js';

/**
 * Built by a function, not declared `const X: ServiceIdentifier<T> = Symbol.for(…)`: TypeScript narrows
 * such a const to `symbol` and forgets T, and then `get(X)` would be `unknown` instead of checked.
 */
function token<T>(name: string): ServiceIdentifier<T> {
  return Symbol.for(name);
}

/** The ports' tokens, each typed by what it resolves to: `get(TOKENS.Clock)` is a Clock to the compiler. */
export const TOKENS = {
  OrderRepository: token<OrderRepository>('OrderRepository'),
  UnitOfWork: token<UnitOfWork>('UnitOfWork'),
  MixinTreasury: token<MixinTreasury>('MixinTreasury'),
  BalanceLedger: token<BalanceLedger>('BalanceLedger'),
  /** assets/range's in-process copy of the balances (HoldingsSnapshot). */
  RangeHoldings: token<GetAssetRangesDeps['ledger']>('RangeHoldings'),
  OrderAdmission: token<OrderAdmission>('OrderAdmission'),
  WalletRegistry: token<WalletRegistry>('WalletRegistry'),
  WalletEventLog: token<WalletEventLog>('WalletEventLog'),
  SettlementQueue: token<SettlementQueue>('SettlementQueue'),
  RefundQueue: token<RefundQueue>('RefundQueue'),
  IncomingTransferLog: token<IncomingTransferLog>('IncomingTransferLog'),
  Clock: token<Clock>('Clock'),
  IdGenerator: token<IdGenerator>('IdGenerator'),
  Notifier: token<Notifier>('Notifier'),
  Logger: token<Logger>('Logger'),
  BrokerLinks: token<BrokerLinks>('BrokerLinks'),
  WorkerPolicies: token<WorkerPolicies>('WorkerPolicies'),
  OrderLimits: token<OrderLimits>('OrderLimits'),
  ReturnUrlPolicy: token<ReturnUrlPolicy>('ReturnUrlPolicy'),
  BalanceSyncSettings: token<BalanceSyncSettings>('BalanceSyncSettings'),
  OrderSearch: token<OrderSearch>('OrderSearch'),
  OperationsStats: token<OperationsStats>('OperationsStats'),
  Metrics: token<BrokerMetrics>('Metrics'),
  WorkSignal: token<WorkSignal>('WorkSignal'),
} as const;

/** The config half of the balance sync: which assets to copy and when to raise a low-balance alert. */
export type BalanceSyncSettings = Pick<SyncBalancesDeps, 'assetIds' | 'lowBalance'>;
