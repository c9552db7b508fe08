import { Container, type ServiceIdentifier } from 'inversify';
import type { DbContext } from '../adapters/persistence/db-context.js';
import { PgIncomingTransferLog } from '../adapters/persistence/pg-incoming-transfer-log.js';
import { MikroOrderRepository } from '../adapters/persistence/mikro-order-repository.js';
import { PgRefundQueue } from '../adapters/persistence/pg-refund-queue.js';
import { PgSettlementQueue } from '../adapters/persistence/pg-settlement-queue.js';
import { MikroWalletEventLog } from '../adapters/persistence/mikro-wallet-event-log.js';
import { RandomIdGenerator } from '../adapters/system/random-id-generator.js';
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
import { SyncBalances, type SyncBalancesDeps } from '../application/settlement/sync-balances.use-case.js';
import { TOKENS as T } from './tokens.js';
import { WatchIncomingTransfers } from '../application/refunds/watch-incoming-transfers.use-case.js';
import type { WorkerPolicies } from '../application/shared/worker-policies.js';
import type { ReturnUrlPolicy } from '../domain/order/return-url-policy.js';
import type { Clock } from '../domain/ports/clock.port.js';
import type { Logger } from '../domain/ports/logger.port.js';
import type { MixinTreasury } from '../domain/ports/mixin-treasury.port.js';
import type { Notifier } from '../domain/ports/notifier.port.js';
import type { WalletRegistry } from '../domain/ports/wallet-registry.port.js';
import type { WorkSignal } from '../domain/ports/work-signal.port.js';

export interface ContainerParts {
  readonly dbContext: DbContext;
  readonly treasury: MixinTreasury;
  readonly wallets: WalletRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly notifier: Notifier;
  readonly publicUrl: string;
  readonly policies: WorkerPolicies;
  readonly orderLimits: OrderLimits;
  readonly returnUrlPolicy: ReturnUrlPolicy;
  readonly syncBalances: Pick<SyncBalancesDeps, 'assetIds' | 'lowBalance'>;
  readonly signal: WorkSignal;
}

/** Binds every port to its adapter and every use-case to its ports: the one container of the broker. */
export function buildContainer(p: ContainerParts): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(T.UnitOfWork).toConstantValue(p.dbContext);
  c.bind(T.OrderRepository).toConstantValue(new MikroOrderRepository(p.dbContext));
  c.bind(T.WalletEventLog).toConstantValue(new MikroWalletEventLog(p.dbContext));
  c.bind(T.SettlementQueue).toConstantValue(new PgSettlementQueue(p.dbContext));
  c.bind(T.RefundQueue).toConstantValue(new PgRefundQueue(p.dbContext));
  c.bind(T.IncomingTransferLog).toConstantValue(new PgIncomingTransferLog(p.dbContext));
  c.bind(T.MixinTreasury).toConstantValue(p.treasury);
  c.bind(T.WalletRegistry).toConstantValue(p.wallets);
  c.bind(T.Clock).toConstantValue(p.clock);
  c.bind(T.IdGenerator).toConstantValue(new RandomIdGenerator());
  c.bind(T.Logger).toConstantValue(p.logger);
  c.bind(T.Notifier).toConstantValue(p.notifier);
  c.bind(T.WorkerPolicies).toConstantValue(p.policies);
  c.bind(T.OrderLimits).toConstantValue(p.orderLimits);
  c.bind(T.WorkSignal).toConstantValue(p.signal);
  c.bind(T.BrokerLinks).toConstantValue({
    returnUrl: (traceId: string) => `${p.publicUrl}/return/${traceId}`,
    webhookUrl: (walletId: string) => `${p.publicUrl}/webhooks/${walletId}`,
  });

  bindUseCase(c, GetAssetRanges, { wallets: T.WalletRegistry, treasury: T.MixinTreasury }, (d) => new GetAssetRanges(d.wallets, d.treasury));
  bindUseCase(c, CreateOrder, {
    orders: T.OrderRepository, uow: T.UnitOfWork, treasury: T.MixinTreasury, wallets: T.WalletRegistry,
    links: T.BrokerLinks, clock: T.Clock, notifier: T.Notifier, log: T.Logger, policies: T.WorkerPolicies, limits: T.OrderLimits,
  });
  bindUseCase(c, HandleWalletEvent, {
    orders: T.OrderRepository, events: T.WalletEventLog, treasury: T.MixinTreasury, settlement: T.SettlementQueue,
    refunds: T.RefundQueue, uow: T.UnitOfWork, ids: T.IdGenerator, clock: T.Clock, notifier: T.Notifier, log: T.Logger, signal: T.WorkSignal,
  });
  bindUseCase(c, SettlePaidOrders, {
    orders: T.OrderRepository, settlement: T.SettlementQueue, treasury: T.MixinTreasury, uow: T.UnitOfWork,
    clock: T.Clock, notifier: T.Notifier, log: T.Logger, policies: T.WorkerPolicies,
  });
  bindUseCase(c, ResolveReview, {
    orders: T.OrderRepository, settlement: T.SettlementQueue, refunds: T.RefundQueue, treasury: T.MixinTreasury,
    uow: T.UnitOfWork, ids: T.IdGenerator, clock: T.Clock,
  });
  bindUseCase(c, RetrySettlement, { orders: T.OrderRepository, settlement: T.SettlementQueue, uow: T.UnitOfWork, clock: T.Clock });
  bindUseCase(c, RefundPayers, {
    orders: T.OrderRepository, refunds: T.RefundQueue, wallets: T.WalletRegistry, uow: T.UnitOfWork,
    clock: T.Clock, notifier: T.Notifier, log: T.Logger, policies: T.WorkerPolicies,
  });
  bindUseCase(c, WatchIncomingTransfers, {
    orders: T.OrderRepository, incoming: T.IncomingTransferLog, treasury: T.MixinTreasury, refunds: T.RefundQueue,
    uow: T.UnitOfWork, ids: T.IdGenerator, clock: T.Clock, notifier: T.Notifier, log: T.Logger,
  });
  bindUseCase(c, ExpireAndReconcile, {
    orders: T.OrderRepository, wallets: T.WalletRegistry, treasury: T.MixinTreasury, handleWalletEvent: HandleWalletEvent, events: T.WalletEventLog,
    uow: T.UnitOfWork, clock: T.Clock, log: T.Logger, policies: T.WorkerPolicies,
  });
  c.bind(T.SyncBalancesDeps).toConstantValue(p.syncBalances);
  bindUseCase(c, SyncBalances, { treasury: T.MixinTreasury, notifier: T.Notifier, log: T.Logger, extra: T.SyncBalancesDeps }, (d) =>
    new SyncBalances({ treasury: d.treasury, notifier: d.notifier, log: d.log, ...(d.extra as ContainerParts['syncBalances']) }),
  );
  c.bind(ReturnRedirect).toResolvedValue((orders: never, log: never) => new ReturnRedirect(orders, p.returnUrlPolicy, log), [T.OrderRepository, T.Logger]);
  c.bind(GetOrderView).toResolvedValue(
    (orders: never, settlement: never, refunds: never) => new GetOrderView({ orders, settlement, refunds }),
    [T.OrderRepository, T.SettlementQueue, T.RefundQueue],
  );
  return c;
}

/**
 * Binds a use-case built from a deps object: each key is resolved from its token, so the use-case
 * itself carries no container decorators (tsx emits no decorator metadata, and the core stays pure).
 */
function bindUseCase<U, K extends string>(
  c: Container,
  useCase: new (...args: never[]) => U,
  tokens: Record<K, ServiceIdentifier>,
  build?: (deps: Record<K, never>) => U,
): void {
  const keys = Object.keys(tokens) as K[];
  c.bind(useCase as ServiceIdentifier<U>).toResolvedValue(
    (...values: unknown[]) => {
      const deps = Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<K, never>;
      return build ? build(deps) : new (useCase as new (deps: never) => U)(deps as never);
    },
    keys.map((k) => tokens[k]),
  );
}
