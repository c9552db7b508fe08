import { createHash } from 'node:crypto';
import type { SafeOutputsRequest, SafeUtxoOutput, UtxoState } from '@mixin.dev/mixin-node-sdk';
import { type MixinApiError, mixinCall, type MixinErrorCode } from './mixin-errors.js';
import type { MixinConnection } from './mixin-client.js';

/** Mixin's largest page of outputs. */
export const OUTPUT_PAGE_LIMIT = 500;

/** The kernel's id of an asset: sha256 of its UUID text (as bot-api-go-client computes it). */
export function kernelAssetId(assetId: string): string {
  return createHash('sha256').update(assetId.toLowerCase()).digest('hex');
}

export interface OutputFilter {
  readonly state: UtxoState;
  /** Asset UUID; omitted: every asset. */
  readonly assetId?: string;
  /** Start at this sequence (a sync resuming where the pool stopped); omitted: from the first. */
  readonly fromSequence?: number;
}

/**
 * A UTXO is its transaction hash and index. (Mixin also sends `output_id`, but the SDK's type
 * names it `utxo_id`, from the legacy API; the pair needs neither.)
 */
function outputKey(o: SafeUtxoOutput): string {
  return `${o.transaction_hash}:${o.output_index}`;
}

type ErrorKind<E extends MixinApiError> = new (m: string, c: MixinErrorCode, r: boolean, s?: number | null) => E;

/**
 * The bot's own outputs (members = [bot], threshold 1), page by page in sequence order.
 *
 * `offset` is an output's sequence number. Whether Mixin returns the output *at* the offset again is
 * not documented, so each page starts at the last sequence seen and outputs are deduplicated by
 * id: right under either reading, never summing one output twice.
 */
export async function* ownOutputs<E extends MixinApiError>(
  conn: MixinConnection,
  filter: OutputFilter,
  Kind: ErrorKind<E>,
): AsyncGenerator<SafeUtxoOutput[]> {
  const seen = new Set<string>();
  let offset: number | undefined = filter.fromSequence;
  for (;;) {
    // `order` is missing from the SDK's type but passed through as a query parameter.
    const params: SafeOutputsRequest & { order: 'ASC' } = {
      members: [conn.keystore.appId],
      threshold: 1,
      state: filter.state,
      limit: OUTPUT_PAGE_LIMIT,
      order: 'ASC',
      ...(offset === undefined ? {} : { offset }),
      ...(filter.assetId ? { asset: kernelAssetId(filter.assetId) } : {}),
    };
    const page = await mixinCall('listing outputs', Kind, () => conn.sdk.utxo.safeOutputs(params));
    if (!Array.isArray(page)) throw new Kind('listing outputs: Mixin sent no list', 'bad_response', true);
    const fresh = page.filter((o) => !seen.has(outputKey(o)));
    for (const o of fresh) seen.add(outputKey(o));
    // The server filters by asset and state too; checking again costs nothing and keeps a
    // misread filter from ever spending or counting someone else's asset.
    const wanted = fresh.filter(
      (o) => o.state === filter.state && (!filter.assetId || o.asset_id.toLowerCase() === filter.assetId.toLowerCase()),
    );
    if (wanted.length > 0) yield wanted;
    if (page.length < OUTPUT_PAGE_LIMIT || fresh.length === 0) return;
    offset = Math.max(...page.map((o) => o.sequence));
  }
}
