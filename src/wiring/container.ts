import { Container } from 'inversify';
import type { DbContext } from '../adapters/persistence/db-context.js';
import { PgIncomingTransferLog } from '../adapters/persistence/pg-incoming-transfer-log.js';
import { BatchedOrderAdmission } from '../adapters/persistence/batched-order-admission.js';
import { HoldingsSnapshot } from '../adapters/persistence/holdings-snapshot.js';
import { MikroOrderRepository } from '../adapters/persistence/mikro-order-repository.js';
import type { ReservationLedger } from '../adapters/persistence/reservation-ledger.js';
import { PgRefundQueue } from '../adapters/persistence/pg-refund-queue.js';
import { PgSettlementQueue } from '../adapters/persistence/pg-settlement-queue.js';
import { MikroWalletEventLog } from '../adapters/persistence/mikro-wallet-event-log.js';
import { RandomIdGenerator } from '../adapters/system/random-id-generator.js';
import { PgOperationsStats } from '../adapters/persistence/pg-operations-stats.js';
import { PgOrderSearch } from '../adapters/persistence/pg-order-search.js';
import { GetDashboard } from '../application/operations/get-dashboard.query.js';
import { ReconcileOrder } from '../application/operations/reconcile-order.use-case.js';
import { SearchOrders } from '../application/operations/search-orders.query.js';
import { RetryRefund } from '../application/refunds/retry-refund.use-case.js';
import { CreateOrder, type OrderLimits } from '../application/orders/create-order.use-case.js';
import { ExpireAndReconcile } from '../application/orders/expire-and-reconcile.use-case.js';
import { GetAssetRanges } from '../application/orders/get-asset-ranges.use-case.js';
import { GetOrderView } from '../application/operations/get-order-view.query.js';
import { HandleWalletEvent } from '../application/orders/handle-wallet-event.use-case.js';
import { RefundPayers } from '../application/refunds/refund-payers.use-case.js';
import { ResolveReview } from '../application/operations/resolve-review.use-case.js';
import { RetrySettlement } from '../application/settlement/retry-settlement.use-case.js';
import { ReturnRedirect } from '../application/orders/return-redirect.use-case.js';
import { SettlePaidOrders } from '../application/settlement/settle-paid-orders.use-case.js';
import { SyncBalances } from '../application/settlement/sync-balances.use-case.js';
import { TOKENS as T, type BalanceSyncSettings } from './tokens.js';
import { WatchIncomingTransfers } from '../application/refunds/watch-incoming-transfers.use-case.js';
import type { WorkerPolicies } from '../application/shared/worker-policies.js';
import type { ReturnUrlPolicy } from '../domain/order/return-url-policy.js';
import type { BrokerMetrics } from '../domain/ports/broker-metrics.port.js';
import type { Clock } from '../domain/ports/clock.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import type { MixinTreasury } from '../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../domain/ports/notifier.port.js';
import type { WalletRegistry } from '../domain/ports/wallet-registry.port.js';
import { webhookUrl } from '../plugin-api/links.js';
import type { WorkSignal } from '../domain/ports/work-signal.port.js';

export interface ContainerParts {
  readonly dbContext: DbContext;
  readonly treasury: MixinTreasury;
  readonly ledger: ReservationLedger;
  readonly wallets: WalletRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly notifier: Notifier;
  readonly publicUrl: string;
  readonly policies: WorkerPolicies;
  readonly orderLimits: OrderLimits;
  readonly returnUrlPolicy: ReturnUrlPolicy;
  readonly balanceSync: BalanceSyncSettings;
  readonly metrics: BrokerMetrics;
  readonly signal: WorkSignal;
}

/**
 * The one container of the broker: every port bound to its adapter, every use-case to its ports.
 * Tokens are typed (tokens.ts) and each use-case is built by a factory whose object literal the
 * compiler checks against the use-case's `Deps`: a dependency left out, misspelt or of the wrong
 * port does not compile. No decorators: tsx emits no decorator metadata, and the core stays plain.
 */
export function buildContainer(p: ContainerParts): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  bindPorts(c, p);
  bindUseCases(c);
  return c;
}

function bindPorts(c: Container, p: ContainerParts): void {
  c.bind(T.UnitOfWork).toConstantValue(p.dbContext);
  const orders = new MikroOrderRepository(p.dbContext, p.ledger);
  c.bind(T.OrderRepository).toConstantValue(orders);
  const rangeHoldings = new HoldingsSnapshot(() => p.ledger.allHoldings());
  p.ledger.onChange(() => rangeHoldings.invalidate());
  c.bind(T.RangeHoldings).toConstantValue(rangeHoldings);
  c.bind(T.OrderAdmission).toConstantValue(new BatchedOrderAdmission(p.dbContext, p.clock, () => rangeHoldings.invalidate()));
  c.bind(T.WalletEventLog).toConstantValue(new MikroWalletEventLog(p.dbContext));
  c.bind(T.SettlementQueue).toConstantValue(new PgSettlementQueue(p.dbContext));
  c.bind(T.RefundQueue).toConstantValue(new PgRefundQueue(p.dbContext));
  c.bind(T.IncomingTransferLog).toConstantValue(new PgIncomingTransferLog(p.dbContext));
  c.bind(T.MixinTreasury).toConstantValue(p.treasury);
  c.bind(T.BalanceLedger).toConstantValue(p.ledger);
  c.bind(T.WalletRegistry).toConstantValue(p.wallets);
  c.bind(T.Clock).toConstantValue(p.clock);
  c.bind(T.IdGenerator).toConstantValue(new RandomIdGenerator());
  c.bind(T.Logger).toConstantValue(p.logger);
  c.bind(T.Notifier).toConstantValue(p.notifier);
  c.bind(T.WorkerPolicies).toConstantValue(p.policies);
  c.bind(T.OrderLimits).toConstantValue(p.orderLimits);
  c.bind(T.ReturnUrlPolicy).toConstantValue(p.returnUrlPolicy);
  c.bind(T.BalanceSyncSettings).toConstantValue(p.balanceSync);
  c.bind(T.Metrics).toConstantValue(p.metrics);
  c.bind(T.WorkSignal).toConstantValue(p.signal);
  c.bind(T.BrokerLinks).toConstantValue({
    returnUrl: (traceId: string) => `${p.publicUrl}/return/${traceId}`,
    webhookUrl: (walletId: string) => webhookUrl(p.publicUrl, walletId),
  });
  c.bind(T.OrderSearch).toConstantValue(new PgOrderSearch(p.dbContext));
  c.bind(T.OperationsStats).toConstantValue(new PgOperationsStats(p.dbContext));
}

function bindUseCases(c: Container): void {
  c.bind(GetAssetRanges).toDynamicValue((r) => new GetAssetRanges({ wallets: r.get(T.WalletRegistry), ledger: r.get(T.RangeHoldings) }));
  c.bind(CreateOrder).toDynamicValue(
    (r) =>
      new CreateOrder({
        orders: r.get(T.OrderRepository),
        admission: r.get(T.OrderAdmission),
        wallets: r.get(T.WalletRegistry),
        links: r.get(T.BrokerLinks),
        clock: r.get(T.Clock),
        notifier: r.get(T.Notifier),
        log: r.get(T.Logger),
        policies: r.get(T.WorkerPolicies),
        limits: r.get(T.OrderLimits),
        metrics: r.get(T.Metrics),
      }),
  );
  c.bind(HandleWalletEvent).toDynamicValue(
    (r) =>
      new HandleWalletEvent({
        orders: r.get(T.OrderRepository),
        events: r.get(T.WalletEventLog),
        settlement: r.get(T.SettlementQueue),
        refunds: r.get(T.RefundQueue),
        uow: r.get(T.UnitOfWork),
        ids: r.get(T.IdGenerator),
        clock: r.get(T.Clock),
        notifier: r.get(T.Notifier),
        log: r.get(T.Logger),
        signal: r.get(T.WorkSignal),
      }),
  );
  c.bind(ReturnRedirect).toDynamicValue(
    (r) => new ReturnRedirect({ orders: r.get(T.OrderRepository), policy: r.get(T.ReturnUrlPolicy), log: r.get(T.Logger) }),
  );
  c.bind(SettlePaidOrders).toDynamicValue(
    (r) =>
      new SettlePaidOrders({
        orders: r.get(T.OrderRepository),
        settlement: r.get(T.SettlementQueue),
        treasury: r.get(T.MixinTreasury),
        ledger: r.get(T.BalanceLedger),
        uow: r.get(T.UnitOfWork),
        clock: r.get(T.Clock),
        notifier: r.get(T.Notifier),
        log: r.get(T.Logger),
        policies: r.get(T.WorkerPolicies),
        metrics: r.get(T.Metrics),
      }),
  );
  c.bind(RetrySettlement).toDynamicValue(
    (r) =>
      new RetrySettlement({
        orders: r.get(T.OrderRepository),
        settlement: r.get(T.SettlementQueue),
        uow: r.get(T.UnitOfWork),
        clock: r.get(T.Clock),
      }),
  );
  c.bind(SyncBalances).toDynamicValue((r) => {
    const settings = r.get(T.BalanceSyncSettings);
    return new SyncBalances({
      treasury: r.get(T.MixinTreasury),
      ledger: r.get(T.BalanceLedger),
      notifier: r.get(T.Notifier),
      log: r.get(T.Logger),
      assetIds: settings.assetIds,
      lowBalance: settings.lowBalance,
    });
  });
  c.bind(RefundPayers).toDynamicValue(
    (r) =>
      new RefundPayers({
        orders: r.get(T.OrderRepository),
        refunds: r.get(T.RefundQueue),
        wallets: r.get(T.WalletRegistry),
        uow: r.get(T.UnitOfWork),
        clock: r.get(T.Clock),
        notifier: r.get(T.Notifier),
        log: r.get(T.Logger),
        policies: r.get(T.WorkerPolicies),
      }),
  );
  c.bind(WatchIncomingTransfers).toDynamicValue(
    (r) =>
      new WatchIncomingTransfers({
        orders: r.get(T.OrderRepository),
        incoming: r.get(T.IncomingTransferLog),
        treasury: r.get(T.MixinTreasury),
        refunds: r.get(T.RefundQueue),
        uow: r.get(T.UnitOfWork),
        ids: r.get(T.IdGenerator),
        clock: r.get(T.Clock),
        notifier: r.get(T.Notifier),
        log: r.get(T.Logger),
      }),
  );
  c.bind(ExpireAndReconcile).toDynamicValue(
    (r) =>
      new ExpireAndReconcile({
        orders: r.get(T.OrderRepository),
        wallets: r.get(T.WalletRegistry),
        handleWalletEvent: r.get(HandleWalletEvent),
        events: r.get(T.WalletEventLog),
        uow: r.get(T.UnitOfWork),
        clock: r.get(T.Clock),
        log: r.get(T.Logger),
        policies: r.get(T.WorkerPolicies),
      }),
  );
  c.bind(ResolveReview).toDynamicValue(
    (r) =>
      new ResolveReview({
        orders: r.get(T.OrderRepository),
        settlement: r.get(T.SettlementQueue),
        refunds: r.get(T.RefundQueue),
        uow: r.get(T.UnitOfWork),
        ids: r.get(T.IdGenerator),
        clock: r.get(T.Clock),
      }),
  );
  c.bind(GetOrderView).toDynamicValue(
    (r) => new GetOrderView({ orders: r.get(T.OrderRepository), settlement: r.get(T.SettlementQueue), refunds: r.get(T.RefundQueue) }),
  );
  c.bind(SearchOrders).toDynamicValue((r) => new SearchOrders({ search: r.get(T.OrderSearch) }));
  c.bind(GetDashboard).toDynamicValue(
    (r) =>
      new GetDashboard({
        stats: r.get(T.OperationsStats),
        ledger: r.get(T.BalanceLedger),
        clock: r.get(T.Clock),
        balances: r.get(T.BalanceSyncSettings),
      }),
  );
  c.bind(RetryRefund).toDynamicValue(
    (r) => new RetryRefund({ refunds: r.get(T.RefundQueue), clock: r.get(T.Clock), log: r.get(T.Logger) }),
  );
  c.bind(ReconcileOrder).toDynamicValue(
    (r) => new ReconcileOrder({ orders: r.get(T.OrderRepository), reconciler: r.get(ExpireAndReconcile) }),
  );
}
