/** Dependency-injection tokens for the ports; the composition root binds adapters to them. */
export const TOKENS = {
  OrderRepository: Symbol.for('OrderRepository'),
  UnitOfWork: Symbol.for('UnitOfWork'),
  MixinTreasury: Symbol.for('MixinTreasury'),
  WalletRegistry: Symbol.for('WalletRegistry'),
  WalletEventLog: Symbol.for('WalletEventLog'),
  SettlementQueue: Symbol.for('SettlementQueue'),
  RefundQueue: Symbol.for('RefundQueue'),
  IncomingTransferLog: Symbol.for('IncomingTransferLog'),
  Clock: Symbol.for('Clock'),
  IdGenerator: Symbol.for('IdGenerator'),
  Notifier: Symbol.for('Notifier'),
  Logger: Symbol.for('Logger'),
  BrokerLinks: Symbol.for('BrokerLinks'),
  WorkerPolicies: Symbol.for('WorkerPolicies'),
  OrderLimits: Symbol.for('OrderLimits'),
  SyncBalancesDeps: Symbol.for('SyncBalancesDeps'),
} as const;
