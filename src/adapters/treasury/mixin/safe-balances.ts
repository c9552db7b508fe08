import type { SafeUtxoOutput } from '@mixin.dev/mixin-node-sdk';
import { Amount } from '../../../domain/money/amount.js';
import { Dec, PLAIN_DECIMAL } from '../../../domain/money/decimal.js';
import { MixinApiError, mixinCall } from './mixin-errors.js';
import type { MixinConnection } from './mixin-client.js';
import { ownOutputs } from './safe-outputs.js';

/** Every unspent output of the bot, all pages. */
export async function unspentOutputs(conn: MixinConnection): Promise<SafeUtxoOutput[]> {
  const all: SafeUtxoOutput[] = [];
  for await (const page of ownOutputs(conn, { state: 'unspent' }, MixinApiError)) all.push(...page);
  return all;
}

/**
 * The bot's balance of every asset it holds: its unspent outputs summed per asset. No Safe asset
 * endpoint returns a balance, and the SDK's `safeAssetBalance` reads only the first page, so this
 * pages through all of them, in decimal arithmetic.
 */
export async function unspentBalances(conn: MixinConnection, outputs?: readonly SafeUtxoOutput[]): Promise<Map<string, Amount>> {
  const sums = new Map<string, Dec>();
  for (const o of outputs ?? (await unspentOutputs(conn))) {
    const assetId = o.asset_id.toLowerCase();
    sums.set(assetId, (sums.get(assetId) ?? new Dec(0)).plus(parseOutputAmount(o.amount)));
  }
  const balances = new Map<string, Amount>();
  for (const [assetId, sum] of sums) balances.set(assetId, Amount.of(sum));
  return balances;
}

/** USD prices from Mixin's asset data (`price_usd`); null where Mixin has none or sends nonsense. */
export async function usdPrices(conn: MixinConnection, assetIds: readonly string[]): Promise<Map<string, string | null>> {
  const prices = new Map<string, string | null>();
  if (assetIds.length === 0) return prices;
  const assets = await mixinCall('fetching asset prices', MixinApiError, () => conn.sdk.safe.fetchAssets([...assetIds]));
  for (const a of Array.isArray(assets) ? assets : []) {
    const price = typeof a.price_usd === 'string' && PLAIN_DECIMAL.test(a.price_usd) ? a.price_usd : null;
    prices.set(a.asset_id.toLowerCase(), price);
  }
  return prices;
}

function parseOutputAmount(text: string): Dec {
  let d: Dec;
  try {
    d = new Dec(text);
  } catch {
    throw new MixinApiError(`Mixin sent an output amount that is not a number: "${text}"`, 'bad_response', false);
  }
  if (d.isNegative() || !d.isFinite()) throw new MixinApiError(`Mixin sent an impossible output amount "${text}"`, 'bad_response', false);
  return d;
}
