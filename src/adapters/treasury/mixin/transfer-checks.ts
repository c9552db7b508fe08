import type { SafeTransaction, SequencerTransactionRequest } from '@mixin.dev/mixin-node-sdk';
import { Dec } from '../../../domain/money/decimal.js';
import { CANONICAL_UUID } from '../../../domain/shared/uuid.js';
import { TransferError } from './mixin-errors.js';
import type { RequestChecks } from './safe-request.js';
import { kernelAssetId } from './safe-outputs.js';
import type { ValidTransferOrder } from './transfer-order.js';

const HEX_64 = /^[0-9a-f]{64}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;

/** A request id reused for a different payment must never be signed, nor reported as this one. */
export function transferChecks(order: ValidTransferOrder): RequestChecks {
  return {
    unsigned: (tx: SafeTransaction) => {
      const first = tx.outputs[0];
      const same =
        tx.asset === kernelAssetId(order.assetId) &&
        first !== undefined &&
        new Dec(first.amount).eq(order.amountValue) &&
        Buffer.from(tx.extra).equals(order.extra);
      if (!same) mismatch(order);
    },
    // A sent request's fields, compared only where their form is certain (asset as kernel id or
    // UUID, extra as hex): refusing a paid order over an unexpected encoding would strand it.
    sent: (request: SequencerTransactionRequest) => {
      const asset = (request.asset ?? '').toLowerCase();
      if ((HEX_64.test(asset) && asset !== kernelAssetId(order.assetId)) || (CANONICAL_UUID.test(asset) && asset !== order.assetId))
        mismatch(order);
      const extra = (request.extra ?? '').toLowerCase();
      if (HEX.test(extra) && extra !== order.extra.toString('hex') && request.extra !== order.memo) mismatch(order);
    },
  };
}

/** The broker's own splits and consolidations: built here, under a fresh random request id. */
export const OWN_CHECKS: RequestChecks = { unsigned: () => undefined, sent: () => undefined };

export function mismatch(order: ValidTransferOrder): never {
  throw new TransferError(
    `request id ${order.requestId} already belongs to a different transfer (asset, amount or memo differ)`,
    'request_mismatch',
    false,
  );
}
