import {
  decodeSafeTransaction,
  encodeSafeTransaction,
  signSafeTransaction,
  type SafeTransaction,
  type SequencerTransactionRequest,
} from '@mixin.dev/mixin-node-sdk';
import { Dec } from '../../../domain/money/decimal.js';
import { isMixinNotFound, mixinCall, toMixinError, TransferError } from './mixin-errors.js';
import type { MixinConnection } from './mixin-client.js';
import { kernelAssetId } from './safe-outputs.js';
import { buildUnsignedTransfer } from './transfer-build.js';
import { validateTransferOrder, type SafeTransferOrder, type ValidTransferOrder } from './transfer-order.js';
import { CANONICAL_UUID } from '../../../domain/shared/uuid.js';

/**
 * Pays one order, exactly once however often it is called (note "crash safety of a Safe transfer"):
 *
 * 1. Ask Mixin for the request id. `signed`/`spent`: it was paid, return its hash.
 *    `unspent`: verified but never sent (we died in between, or the send failed); its inputs are
 *    locked to it, so finish *that* request and never build another.
 * 2. Unknown (404): build from unspent outputs, verify with request_id = the trace id, sign, send.
 *
 * Not serialised here: two concurrent calls for one asset may pick the same outputs. `SafeTransfers`
 * adds the locks.
 */
export async function sendSafeTransfer(conn: MixinConnection, input: SafeTransferOrder): Promise<string> {
  const order = validateTransferOrder(input, conn.keystore.appId);
  try {
    const existing = await findRequest(conn, order.requestId);
    if (existing) return await finish(conn, order, existing);
    const raw = await buildUnsignedTransfer(conn, order);
    const verified = await verify(conn, order.requestId, raw);
    // If the id was taken meanwhile, Mixin answers with *that* request: finish it, not ours.
    return await finish(conn, order, { ...verified, raw_transaction: verified.raw_transaction || raw });
  } catch (e) {
    throw toMixinError(e, TransferError, `transfer ${order.requestId}`);
  }
}

async function findRequest(conn: MixinConnection, requestId: string): Promise<SequencerTransactionRequest | null> {
  try {
    return await conn.sdk.utxo.fetchTransaction(requestId);
  } catch (e) {
    if (isMixinNotFound(e)) return null;
    throw toMixinError(e, TransferError, 'looking up the request');
  }
}

async function verify(conn: MixinConnection, requestId: string, raw: string): Promise<SequencerTransactionRequest> {
  const answer = await mixinCall('verifying the transaction', TransferError, () =>
    conn.sdk.utxo.verifyTransaction([{ raw, request_id: requestId }]),
  );
  return onlyRequest(answer, requestId, 'verify');
}

function onlyRequest(answer: unknown, requestId: string, step: string): SequencerTransactionRequest {
  const list = Array.isArray(answer) ? (answer as SequencerTransactionRequest[]) : [];
  const mine = list.find((r) => r.request_id === requestId) ?? (list.length === 1 ? list[0] : undefined);
  if (!mine) throw new TransferError(`${step}: Mixin's answer does not mention request ${requestId}`, 'bad_response', true);
  return mine;
}

async function finish(conn: MixinConnection, order: ValidTransferOrder, request: SequencerTransactionRequest): Promise<string> {
  switch (request.state) {
    case 'signed':
    case 'spent':
      assertSameRequest(order, request);
      if (!request.transaction_hash) throw new TransferError('Mixin reports the transfer without a hash', 'bad_response', true);
      return request.transaction_hash;
    case 'unspent':
      return signAndSend(conn, order, request);
    default:
      throw new TransferError(`request ${order.requestId} is in state "${request.state}"`, 'unexpected_state', false);
  }
}

async function signAndSend(conn: MixinConnection, order: ValidTransferOrder, request: SequencerTransactionRequest): Promise<string> {
  const raw = request.raw_transaction;
  if (!raw) throw new TransferError(`Mixin shows pending request ${order.requestId} without its transaction`, 'bad_response', false);
  const tx = decodeUnsigned(raw);
  assertSameTransaction(order, tx);
  let views = request.views;
  if (!Array.isArray(views) || views.length !== tx.inputs.length) {
    // A status lookup need not carry the views; verifying the same raw again returns the request
    // with them (and never creates a second one: the request id is taken).
    const again = await verify(conn, order.requestId, raw);
    if (again.state !== 'unspent') return finish(conn, order, again);
    views = again.views;
    if (!Array.isArray(views) || views.length !== tx.inputs.length) {
      throw new TransferError('Mixin sent no view key per input', 'bad_response', true);
    }
  }
  const signed = signSafeTransaction(tx, views, conn.keystore.spendPrivateKey());
  const sent = await mixinCall('sending the transaction', TransferError, () =>
    conn.sdk.utxo.sendTransactions([{ raw: signed, request_id: order.requestId }]),
  );
  const result = onlyRequest(sent, order.requestId, 'send');
  if (!result.transaction_hash) throw new TransferError('Mixin accepted the transfer without a hash', 'bad_response', true);
  return result.transaction_hash;
}

/**
 * The SDK's decoder keeps amounts as JS numbers (exact only below 2^53 units, about 90 million
 * coins); if decoding and re-encoding does not give the same bytes, signing would sign something
 * else, so refuse instead.
 */
function decodeUnsigned(raw: string): SafeTransaction {
  let tx: SafeTransaction;
  try {
    tx = decodeSafeTransaction(raw);
  } catch (e) {
    throw new TransferError(`cannot decode the pending request: ${e instanceof Error ? e.message : String(e)}`, 'bad_response', false);
  }
  if (encodeSafeTransaction(tx) !== raw) {
    throw new TransferError('the pending request does not survive decoding; it cannot be signed safely', 'bad_response', false);
  }
  return tx;
}

/** A request id reused for a different payment must never be reported as this one. */
function assertSameTransaction(order: ValidTransferOrder, tx: SafeTransaction): void {
  const first = tx.outputs[0];
  const same =
    tx.asset === kernelAssetId(order.assetId) &&
    first !== undefined &&
    new Dec(first.amount).eq(order.amountValue) &&
    Buffer.from(tx.extra).equals(order.extra);
  if (!same) mismatch(order);
}

const HEX_64 = /^[0-9a-f]{64}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;

/**
 * A sent request's fields, compared only where their form is certain (asset as kernel id or UUID,
 * extra as hex): refusing a paid order over an unexpected encoding would strand it for nothing.
 */
function assertSameRequest(order: ValidTransferOrder, request: SequencerTransactionRequest): void {
  const asset = (request.asset ?? '').toLowerCase();
  if ((HEX_64.test(asset) && asset !== kernelAssetId(order.assetId)) || (CANONICAL_UUID.test(asset) && asset !== order.assetId)) mismatch(order);
  const extra = (request.extra ?? '').toLowerCase();
  if (HEX.test(extra) && extra !== order.extra.toString('hex') && request.extra !== order.memo) mismatch(order);
}

function mismatch(order: ValidTransferOrder): never {
  throw new TransferError(
    `request id ${order.requestId} already belongs to a different transfer (asset, amount or memo differ)`,
    'request_mismatch',
    false,
  );
}
