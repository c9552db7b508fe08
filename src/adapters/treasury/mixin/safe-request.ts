import {
  decodeSafeTransaction,
  encodeSafeTransaction,
  signSafeTransaction,
  type SafeTransaction,
  type SequencerTransactionRequest,
} from '@mixin.dev/mixin-node-sdk';
import { mixinCall, TransferError } from './mixin-errors.js';
import type { MixinConnection } from './mixin-client.js';

/** What a caller checks before a request is signed (the transaction) or reported as its own (a sent request). */
export interface RequestChecks {
  readonly unsigned: (tx: SafeTransaction) => void;
  readonly sent: (request: SequencerTransactionRequest) => void;
}

/**
 * Verifies `raw` under `requestId`. An id Mixin already knows answers with *that* request,
 * unchanged: the way a resumed attempt learns whether the first one was sent.
 */
export async function verifyRequest(conn: MixinConnection, requestId: string, raw: string): Promise<SequencerTransactionRequest> {
  const answer = await mixinCall('verifying the transaction', TransferError, () =>
    conn.sdk.utxo.verifyTransaction([{ raw, request_id: requestId }]),
  );
  return onlyRequest(answer, requestId, 'verify');
}

/**
 * Takes a verified request to the end: `signed`/`spent` was sent already, its hash is the answer;
 * `unspent` is signed and sent now. `raw` is the stored unsigned transaction, used when Mixin's
 * answer does not carry it.
 */
export async function finishRequest(
  conn: MixinConnection,
  requestId: string,
  request: SequencerTransactionRequest,
  raw: string,
  checks: RequestChecks,
): Promise<string> {
  switch (request.state) {
    case 'signed':
    case 'spent':
      checks.sent(request);
      if (!request.transaction_hash) throw new TransferError('Mixin reports the transfer without a hash', 'bad_response', true);
      return request.transaction_hash;
    case 'unspent':
      return signAndSend(conn, requestId, request, request.raw_transaction || raw, checks);
    default:
      throw new TransferError(`request ${requestId} is in state "${request.state}"`, 'unexpected_state', false);
  }
}

const VIEW_KEY = /^[0-9a-f]{64}$/i;

/** One 64-hex view key per input, as the Go client's struct has them (the docs partial shows objects). */
function viewKeysFit(views: unknown, inputs: number): views is string[] {
  return Array.isArray(views) && views.length === inputs && views.every((v) => typeof v === 'string' && VIEW_KEY.test(v));
}

async function signAndSend(
  conn: MixinConnection,
  requestId: string,
  request: SequencerTransactionRequest,
  raw: string,
  checks: RequestChecks,
): Promise<string> {
  const tx = decodeUnsigned(raw);
  checks.unsigned(tx);
  let views: unknown = request.views;
  if (!viewKeysFit(views, tx.inputs.length)) {
    // Verifying the same raw again answers with the request and, normally, its views; it never
    // creates a second request (the id is taken). A shape we cannot sign with is retried, not fatal.
    const again = await verifyRequest(conn, requestId, raw);
    if (again.state !== 'unspent') return finishRequest(conn, requestId, again, raw, checks);
    views = again.views;
    if (!viewKeysFit(views, tx.inputs.length)) {
      throw new TransferError(`Mixin sent no 64-hex view key per input (${tx.inputs.length} inputs)`, 'bad_response', true);
    }
  }
  const signed = signSafeTransaction(tx, views, conn.keystore.spendPrivateKey());
  const sent = await mixinCall('sending the transaction', TransferError, () =>
    conn.sdk.utxo.sendTransactions([{ raw: signed, request_id: requestId }]),
  );
  const result = onlyRequest(sent, requestId, 'send');
  if (!result.transaction_hash) throw new TransferError('Mixin accepted the transfer without a hash', 'bad_response', true);
  return result.transaction_hash;
}

/** Runs the caller's check on a stored transaction that was already sent (a repeat must still be the same payment). */
export function checkStored(raw: string, checks: RequestChecks): void {
  checks.unsigned(decodeUnsigned(raw));
}

function onlyRequest(answer: unknown, requestId: string, step: string): SequencerTransactionRequest {
  const list = Array.isArray(answer) ? (answer as SequencerTransactionRequest[]) : [];
  const mine = list.find((r) => r.request_id === requestId) ?? (list.length === 1 ? list[0] : undefined);
  if (!mine) throw new TransferError(`${step}: Mixin's answer does not mention request ${requestId}`, 'bad_response', true);
  return mine;
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
