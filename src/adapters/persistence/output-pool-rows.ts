import type { PoolOutput, RequestKind, StoredRequest } from '../../domain/ports/output-pool.port.js';

/* The rows of `mixin_outputs` and `mixin_requests` as PgOutputPool selects them, and their domain shapes. */

export interface OutputRow {
  output_key: string;
  asset_id: string;
  kernel_asset: string;
  transaction_hash: string;
  output_index: number;
  amount: string;
  sequence: string;
}

export interface RequestRow {
  request_id: string;
  asset_id: string;
  kind: RequestKind;
  raw: string;
  state: StoredRequest['state'];
  transaction_hash: string | null;
}

export const OUTPUT_COLUMNS =
  'output_key, asset_id, kernel_asset, transaction_hash, output_index, amount::text as amount, sequence::text as sequence';
export const REQUEST_COLUMNS = 'request_id, asset_id, kind, raw, state, transaction_hash';

export function toOutput(r: OutputRow): PoolOutput {
  return {
    key: r.output_key,
    assetId: r.asset_id,
    kernelAsset: r.kernel_asset,
    transactionHash: r.transaction_hash,
    outputIndex: r.output_index,
    amount: r.amount,
    sequence: Number(r.sequence),
  };
}

export function toRequest(r: RequestRow): StoredRequest {
  return { requestId: r.request_id, assetId: r.asset_id, kind: r.kind, raw: r.raw, state: r.state, transactionHash: r.transaction_hash };
}
