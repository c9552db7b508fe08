import { AssetBalanceEntity } from './asset-balance.entity.js';
import { IncomingTransferEntity } from './incoming-transfer.entity.js';
import { MixinOutputEntity } from './mixin-output.entity.js';
import { MixinRequestEntity } from './mixin-request.entity.js';
import { OrderTransitionEntity } from './order-transition.entity.js';
import { OrderEntity } from './order.entity.js';
import { PluginRecordEntity } from './plugin-record.entity.js';
import { RefundEntity } from './refund.entity.js';
import { ReservationEntity } from './reservation.entity.js';
import { SandboxSnapshotEntity } from './sandbox-snapshot.entity.js';
import { SandboxTransferEntity } from './sandbox-transfer.entity.js';
import { TransferEntity } from './transfer.entity.js';
import { TreasuryCursorEntity } from './treasury-cursor.entity.js';
import { WalletEventEntity } from './wallet-event.entity.js';

/** One entity per table the migrations create; schema-agreement.spec fails when the two drift apart. */
export const ENTITIES = [
  OrderEntity,
  OrderTransitionEntity,
  WalletEventEntity,
  AssetBalanceEntity,
  ReservationEntity,
  SandboxTransferEntity,
  PluginRecordEntity,
  TransferEntity,
  RefundEntity,
  IncomingTransferEntity,
  TreasuryCursorEntity,
  SandboxSnapshotEntity,
  MixinOutputEntity,
  MixinRequestEntity,
];
