import { ExtraSizeGeneralLimit } from '@mixin.dev/mixin-node-sdk';
import { Dec } from '../../../domain/money/decimal.js';
import { TransferError } from './mixin-errors.js';
import { DASHED_UUID } from '../../../domain/shared/uuid.js';

/** One payment out of the bot, in the SDK's terms (amount as decimal text). */
export interface SafeTransferOrder {
  /** MixPay's trace id, used as Mixin's request id: the key that makes a repeat idempotent. */
  readonly requestId: string;
  readonly assetId: string;
  readonly opponentId: string;
  readonly amount: string;
  readonly memo: string;
}

/** An order checked and put in the form the transaction needs. */
export interface ValidTransferOrder extends SafeTransferOrder {
  readonly amountValue: Dec;
  readonly extra: Buffer;
}

// Mixin amounts have 8 decimals; the SDK floors any further digits without a word, which would
// leave inputs and outputs unequal, so more than 8 is refused here instead.
const MIXIN_AMOUNT = /^(0|[1-9]\d*)(\.\d{1,8})?$/;
/** MixPay's memo limit, in characters. */
export const MEMO_MAX_CHARS = 200;

function refuse(code: 'invalid_request' | 'invalid_amount' | 'invalid_memo' | 'invalid_opponent', message: string): never {
  throw new TransferError(message, code, false);
}

/** Checks everything that can be checked before Mixin is asked anything. */
export function validateTransferOrder(order: SafeTransferOrder, botId: string): ValidTransferOrder {
  if (!DASHED_UUID.test(order.requestId)) refuse('invalid_request', `request id "${order.requestId}" is not a UUID`);
  if (!DASHED_UUID.test(order.assetId)) refuse('invalid_request', `asset id "${order.assetId}" is not a UUID`);
  if (!DASHED_UUID.test(order.opponentId)) refuse('invalid_opponent', `opponent "${order.opponentId}" is not a UUID`);
  if (order.opponentId.toLowerCase() === botId.toLowerCase()) refuse('invalid_opponent', 'the bot cannot pay itself');
  if (!MIXIN_AMOUNT.test(order.amount)) {
    refuse('invalid_amount', `amount "${order.amount}" must be a plain decimal with at most 8 decimals`);
  }
  const amountValue = new Dec(order.amount);
  if (amountValue.isZero()) refuse('invalid_amount', 'amount must be above zero');
  if ([...order.memo].length > MEMO_MAX_CHARS) refuse('invalid_memo', `memo is longer than ${MEMO_MAX_CHARS} characters`);
  const extra = Buffer.from(order.memo, 'utf8');
  // Above this size the kernel wants a storage-fee output, which a MixPay payment must not carry.
  if (extra.byteLength > ExtraSizeGeneralLimit) refuse('invalid_memo', `memo is longer than ${ExtraSizeGeneralLimit} bytes`);
  return {
    ...order,
    requestId: order.requestId.toLowerCase(),
    assetId: order.assetId.toLowerCase(),
    opponentId: order.opponentId.toLowerCase(),
    amountValue,
    extra,
  };
}
