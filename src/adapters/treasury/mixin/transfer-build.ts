import {
  buildSafeTransaction,
  buildSafeTransactionRecipient,
  encodeSafeTransaction,
  type GhostKey,
  type SafeUtxoOutput,
} from '@mixin.dev/mixin-node-sdk';
import type { PoolOutput } from '../../../domain/ports/output-pool.port.js';
import { mixinCall, TransferError } from './mixin-errors.js';
import type { MixinConnection } from './mixin-client.js';

/** One output of a transaction being built: members (threshold 1) and an amount as plain decimal text. */
export interface BuildRecipient {
  readonly members: readonly string[];
  readonly amount: string;
}

/** The fields of an output the SDK's builder reads: the kernel asset and the output's place. */
function asUtxo(o: PoolOutput): SafeUtxoOutput {
  return { asset: o.kernelAsset, transaction_hash: o.transactionHash, output_index: o.outputIndex } as SafeUtxoOutput;
}

/**
 * The ghost keys of a transaction's outputs, one per entry of `members`, in output order. They
 * are derived from the request id, the output's index and its members, never from amounts or
 * inputs: so one call serves every recipient, a rebuild of one request gets the same keys, and a
 * transfer can ask for them while its outputs are being claimed.
 */
export async function ghostKeys(conn: MixinConnection, requestId: string, members: readonly (readonly string[])[]): Promise<GhostKey[]> {
  // The amount takes no part in a ghost key; the SDK's recipient type wants one.
  const rs = members.map((m) => buildSafeTransactionRecipient([...m], 1, '0'));
  const ghosts = await mixinCall('fetching ghost keys', TransferError, () =>
    conn.sdk.utxo.ghostKey(rs, requestId, conn.keystore.spendPrivateKey()),
  );
  if (ghosts.length !== members.length || ghosts.some((g) => !g)) {
    throw new TransferError('fetching ghost keys: Mixin sent fewer keys than outputs', 'bad_response', true);
  }
  return ghosts as GhostKey[];
}

/** The unsigned transaction spending `inputs` to `recipients` with `extra`, with the ghost keys of its outputs (at least one per recipient). */
export function encodeUnsigned(
  inputs: readonly PoolOutput[],
  recipients: readonly BuildRecipient[],
  ghosts: readonly GhostKey[],
  extra: Buffer,
): string {
  // Amounts come as Dec-printed plain decimals, never exponents, so the SDK gets "0.00000001" and not "1e-8".
  const rs = recipients.map((r) => buildSafeTransactionRecipient([...r.members], 1, r.amount));
  try {
    return encodeSafeTransaction(buildSafeTransaction(inputs.map(asUtxo), rs, ghosts.slice(0, rs.length), extra));
  } catch (e) {
    throw new TransferError(`building the transaction: ${e instanceof Error ? e.message : String(e)}`, 'internal', false);
  }
}

/** Ghost keys, then the unsigned transaction (the pool's splits and merges, whose outputs are known up front). */
export async function buildUnsigned(
  conn: MixinConnection,
  requestId: string,
  inputs: readonly PoolOutput[],
  recipients: readonly BuildRecipient[],
  extra: Buffer,
): Promise<string> {
  const ghosts = await ghostKeys(
    conn,
    requestId,
    recipients.map((r) => r.members),
  );
  return encodeUnsigned(inputs, recipients, ghosts, extra);
}
