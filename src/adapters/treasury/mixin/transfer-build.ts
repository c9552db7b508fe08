import { buildSafeTransaction, buildSafeTransactionRecipient, encodeSafeTransaction, type SafeUtxoOutput } from '@mixin.dev/mixin-node-sdk';
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
 * The unsigned transaction spending `inputs` to `recipients` with `extra`. Ghost keys are derived
 * from the request id (one call for every recipient), so a rebuild of one request gets the same keys.
 */
export async function buildUnsigned(
  conn: MixinConnection,
  requestId: string,
  inputs: readonly PoolOutput[],
  recipients: readonly BuildRecipient[],
  extra: Buffer,
): Promise<string> {
  // Amounts come as Dec-printed plain decimals, never exponents, so the SDK gets "0.00000001" and not "1e-8".
  const rs = recipients.map((r) => buildSafeTransactionRecipient([...r.members], 1, r.amount));
  const ghosts = await mixinCall('fetching ghost keys', TransferError, () =>
    conn.sdk.utxo.ghostKey(rs, requestId, conn.keystore.spendPrivateKey()),
  );
  try {
    return encodeSafeTransaction(buildSafeTransaction(inputs.map(asUtxo), rs, ghosts, extra));
  } catch (e) {
    throw new TransferError(`building the transaction: ${e instanceof Error ? e.message : String(e)}`, 'internal', false);
  }
}
