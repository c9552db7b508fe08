/*
 * Never run: `tsc --noEmit` (the first step of `npm test`) checks this file. Each binding below is
 * wrong the way a wiring edit goes wrong, and each `@ts-expect-error` fails the type check the day
 * that binding compiles, so the container's bindings stay checked against the use-cases' Deps.
 */
import { Container } from 'inversify';
import type { ResolutionContext } from 'inversify';
import { BrokerWorkers, type WorkerSteps } from '../../src/adapters/workers/broker-workers.js';
import { CreateOrder } from '../../src/application/orders/create-order.use-case.js';
import { GetOrderView } from '../../src/application/operations/get-order-view.query.js';
import { RefundPayers } from '../../src/application/refunds/refund-payers.use-case.js';
import { SettlePaidOrders } from '../../src/application/settlement/settle-paid-orders.use-case.js';
import type { Clock } from '../../src/domain/ports/clock.port.js';
import type { Logger } from '../../src/domain/ports/logger.port.js';
import { TOKENS as T } from '../../src/wiring/tokens.js';

const c = new Container({ defaultScope: 'Singleton' });

/** CreateOrder's dependencies as the container binds them, minus what `leaveOut` names. */
const createOrderDeps = (r: ResolutionContext) => ({
  orders: r.get(T.OrderRepository),
  uow: r.get(T.UnitOfWork),
  admission: r.get(T.OrderAdmission),
  wallets: r.get(T.WalletRegistry),
  links: r.get(T.BrokerLinks),
  clock: r.get(T.Clock),
  notifier: r.get(T.Notifier),
  log: r.get(T.Logger),
  policies: r.get(T.WorkerPolicies),
  limits: r.get(T.OrderLimits),
  metrics: r.get(T.Metrics),
});

// The complete binding compiles.
c.bind(CreateOrder).toDynamicValue((r) => new CreateOrder(createOrderDeps(r)));

c.bind(CreateOrder).toDynamicValue((r) => {
  const { limits: _left, ...withoutLimits } = createOrderDeps(r);
  // @ts-expect-error a dependency left out: CreateOrderDeps needs `limits`
  return new CreateOrder(withoutLimits);
});

c.bind(GetOrderView).toDynamicValue(
  // @ts-expect-error a dependency left out of the object literal: GetOrderViewDeps needs `refunds`
  (r) => new GetOrderView({ orders: r.get(T.OrderRepository), settlement: r.get(T.SettlementQueue) }),
);

c.bind(GetOrderView).toDynamicValue(
  // @ts-expect-error the wrong port: `refunds` is a RefundQueue, not a SettlementQueue
  (r) => new GetOrderView({ orders: r.get(T.OrderRepository), settlement: r.get(T.SettlementQueue), refunds: r.get(T.SettlementQueue) }),
);

c.bind(GetOrderView).toDynamicValue(
  (r) =>
    new GetOrderView({
      orders: r.get(T.OrderRepository),
      settlement: r.get(T.SettlementQueue),
      refunds: r.get(T.RefundQueue),
      // @ts-expect-error a dependency the use-case does not take (a misspelt or stale key)
      clock: r.get(T.Clock),
    }),
);

// @ts-expect-error a token is bound to a value of another port
c.bind(T.Logger).toConstantValue({ now: () => new Date() } satisfies Clock);

// @ts-expect-error what a token resolves to is known: a Clock is no Logger
export const notALogger: Logger = c.get(T.Clock);

declare const steps: WorkerSteps;
// @ts-expect-error a worker is handed the use-case it runs, and no other: refunds are not settlement
export const swapped = new BrokerWorkers({ ...steps, settlement: c.get(RefundPayers) }, {} as never, {} as never, {} as never);
export const right = new BrokerWorkers({ ...steps, settlement: c.get(SettlePaidOrders) }, {} as never, {} as never, {} as never);
