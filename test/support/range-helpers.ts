import { PAYEE } from './fixtures.js';
import { assetsRange, type RangeRow } from './mixpay-client.js';

/** The assets/range row of one asset for a payee and wallet, or null when the asset is left out. */
export async function rangeRow(base: string, assetId: string, opts: { payee?: string; wallet?: string } = {}): Promise<RangeRow | null> {
  const res = await assetsRange(base, { payee_id: opts.payee ?? PAYEE, wallet: opts.wallet ?? 'mock' });
  if (res.body.code !== 0) throw new Error(`assets/range answered ${res.body.code} ${res.body.message}`);
  return res.body.data.find((r) => r.asset_id === assetId) ?? null;
}

/** `max` of one asset in assets/range ("none" when the asset is left out). */
export async function rangeMax(base: string, assetId: string, opts: { payee?: string; wallet?: string } = {}): Promise<string> {
  return (await rangeRow(base, assetId, opts))?.max ?? 'none';
}
