import {
  buildSafeTransaction,
  buildSafeTransactionRecipient,
  encodeSafeTransaction,
  type SafeUtxoOutput,
} from '@mixin.dev/mixin-node-sdk';
import { Dec } from '../../../domain/money/decimal.js';
import { mixinCall, TransferError } from './mixin-errors.js';
import type { MixinConnection } from './mixin-client.js';
import { ownOutputs } from './safe-outputs.js';
import type { ValidTransferOrder } from './transfer-order.js';

/** The kernel accepts at most this many inputs in one transaction. */
export const MAX_INPUTS = 256;

interface Selection {
  readonly inputs: SafeUtxoOutput[];
  readonly change: Dec;
}

/**
 * Oldest unspent outputs first (as the Go and JS SDKs do) until they cover the amount; the rest
 * comes back to the bot as change. Computed in decimal.js rather than with the SDK's helper, whose
 * BigNumber change prints tiny values as "1e-8".
 */
async function selectInputs(conn: MixinConnection, order: ValidTransferOrder): Promise<Selection> {
  const inputs: SafeUtxoOutput[] = [];
  let total = new Dec(0);
  for await (const page of ownOutputs(conn, { state: 'unspent', assetId: order.assetId }, TransferError)) {
    for (const o of page) {
      if (inputs.length === MAX_INPUTS) {
        throw new TransferError(
          `${MAX_INPUTS} outputs of ${order.assetId} do not cover ${order.amount}: the bot's outputs need consolidating`,
          'too_many_inputs',
          false,
        );
      }
      inputs.push(o);
      total = total.plus(new Dec(o.amount));
      if (total.gte(order.amountValue)) return { inputs, change: total.minus(order.amountValue) };
    }
  }
  return insufficient(conn, order, total);
}

/**
 * Too little unspent. If some outputs are `signed` (an earlier transfer's inputs, whose change has
 * not come back yet) waiting helps; otherwise the bot simply lacks the money.
 */
async function insufficient(conn: MixinConnection, order: ValidTransferOrder, total: Dec): Promise<never> {
  const pending = await ownOutputs(conn, { state: 'signed', assetId: order.assetId }, TransferError).next();
  if (!pending.done) {
    throw new TransferError(
      `only ${total.toString()} of ${order.assetId} unspent for ${order.amount}; earlier transfers are still settling`,
      'outputs_pending',
      true,
    );
  }
  throw new TransferError(`insufficient balance: ${total.toString()} of ${order.assetId} for ${order.amount}`, 20117, false);
}

/** Picks inputs and builds the unsigned transaction: amount to the opponent, change to the bot, memo as extra. */
export async function buildUnsignedTransfer(conn: MixinConnection, order: ValidTransferOrder): Promise<string> {
  const { inputs, change } = await selectInputs(conn, order);
  const recipients = [buildSafeTransactionRecipient([order.opponentId], 1, order.amount)];
  // Dec prints plain decimals, never exponents, so the SDK gets "0.00000001" and not "1e-8".
  if (!change.isZero()) recipients.push(buildSafeTransactionRecipient([conn.keystore.appId], 1, change.toString()));
  // Ghost keys are derived from the request id: a rebuild of the same request gets the same keys.
  const ghosts = await mixinCall('fetching ghost keys', TransferError, () =>
    conn.sdk.utxo.ghostKey(recipients, order.requestId, conn.keystore.spendPrivateKey()),
  );
  try {
    return encodeSafeTransaction(buildSafeTransaction(inputs, recipients, ghosts, order.extra));
  } catch (e) {
    throw new TransferError(`building the transaction: ${e instanceof Error ? e.message : String(e)}`, 'internal', false);
  }
}
