import { Container } from 'inversify';
import type { DbContext } from './adapters/persistence/db-context.js';
import { LogNotifier } from './adapters/notify/log-notifier.js';
import { MikroOrderRepository } from './adapters/persistence/order.repository.js';
import { MikroWalletEventLog } from './adapters/persistence/wallet-event-log.repository.js';
import { RandomIdGenerator } from './adapters/system/random-id-generator.js';
import { CreateOrder } from './application/create-order.use-case.js';
import { GetAssetRanges } from './application/get-asset-ranges.use-case.js';
import { GetOrderView } from './application/get-order-view.query.js';
import { HandleWalletEvent } from './application/handle-wallet-event.use-case.js';
import { ReturnRedirect } from './application/return-redirect.use-case.js';
import { TOKENS } from './application/tokens.js';
import type { Clock } from './domain/ports/clock.port.js';
import type { Logger } from './domain/ports/logger.port.js';
import type { MixinTreasury } from './domain/ports/mixin-treasury.port.js';
import type { WalletRegistry } from './domain/ports/wallet-registry.port.js';

export interface ContainerParts {
  dbContext: DbContext;
  treasury: MixinTreasury;
  plugins: WalletRegistry;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
}

/** Binds every port to its adapter and every use-case to its ports: the one container of the broker. */
export function buildContainer(p: ContainerParts): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(TOKENS.UnitOfWork).toConstantValue(p.dbContext);
  c.bind(TOKENS.OrderRepository).toConstantValue(new MikroOrderRepository(p.dbContext));
  c.bind(TOKENS.WalletEventLog).toConstantValue(new MikroWalletEventLog(p.dbContext));
  c.bind(TOKENS.MixinTreasury).toConstantValue(p.treasury);
  c.bind(TOKENS.WalletRegistry).toConstantValue(p.plugins);
  c.bind(TOKENS.Clock).toConstantValue(p.clock);
  c.bind(TOKENS.IdGenerator).toConstantValue(new RandomIdGenerator());
  c.bind(TOKENS.Logger).toConstantValue(p.logger);
  c.bind(TOKENS.Notifier).toConstantValue(new LogNotifier(p.logger, p.clock));
  c.bind(TOKENS.BrokerLinks).toConstantValue({
    returnUrl: (traceId: string) => `${p.publicUrl}/return/${traceId}`,
    webhookUrl: (walletId: string) => `${p.publicUrl}/webhooks/${walletId}`,
  });

  const T = TOKENS;
  c.bind(GetAssetRanges).toResolvedValue((...d: [never, never]) => new GetAssetRanges(...d), [T.WalletRegistry, T.MixinTreasury]);
  c.bind(CreateOrder).toResolvedValue(
    (...d: [never, never, never, never, never, never, never, never]) => new CreateOrder(...d),
    [T.OrderRepository, T.UnitOfWork, T.MixinTreasury, T.WalletRegistry, T.BrokerLinks, T.Clock, T.Notifier, T.Logger],
  );
  c.bind(HandleWalletEvent).toResolvedValue(
    (...d: [never, never, never, never, never, never]) => new HandleWalletEvent(...d),
    [T.OrderRepository, T.WalletEventLog, T.MixinTreasury, T.UnitOfWork, T.Clock, T.Logger],
  );
  c.bind(ReturnRedirect).toResolvedValue((repo: never) => new ReturnRedirect(repo), [T.OrderRepository]);
  c.bind(GetOrderView).toResolvedValue((repo: never) => new GetOrderView(repo), [T.OrderRepository]);
  return c;
}
