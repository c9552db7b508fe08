import { AssetBalanceEntity } from './asset-balance.entity.js';
import { OrderTransitionEntity } from './order-transition.entity.js';
import { OrderEntity } from './order.entity.js';
import { PluginRecordEntity } from './plugin-record.entity.js';
import { ReservationEntity } from './reservation.entity.js';
import { SandboxTransferEntity } from './sandbox-transfer.entity.js';
import { WalletEventEntity } from './wallet-event.entity.js';

export const ENTITIES = [
  OrderEntity,
  OrderTransitionEntity,
  WalletEventEntity,
  AssetBalanceEntity,
  ReservationEntity,
  SandboxTransferEntity,
  PluginRecordEntity,
];
