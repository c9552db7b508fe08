import { MixinApiError } from '../../adapters/treasury/mixin/mixin-errors.js';
import { ownOutputs } from '../../adapters/treasury/mixin/safe-outputs.js';
import { Amount } from '../../domain/money/amount.js';
import { Dec } from '../../domain/money/decimal.js';
import { fail, ok, skipped, warn, type Check, type DoctorContext } from './check.js';

/** Every asset an enabled wallet offers, with the currency code it is offered as and the wallets offering it. */
function offeredAssets(ctx: DoctorContext): Map<string, { label: string; wallets: string[] }> {
  const assets = new Map<string, { label: string; wallets: string[] }>();
  for (const [id, w] of Object.entries(ctx.config!.wallets)) {
    if (!w.enabled) continue;
    for (const [assetId, terms] of Object.entries(w.assets)) {
      const a = assets.get(assetId) ?? { label: terms.currency, wallets: [] };
      a.wallets.push(id);
      assets.set(assetId, a);
    }
  }
  return assets;
}

/**
 * The bot's spendable balance of each offered asset, read from Mixin itself (its unspent outputs,
 * every page), the number of those outputs, and how it stands against `alerts.lowBalance`.
 */
export async function assetChecks(ctx: DoctorContext): Promise<Check[]> {
  const assets = offeredAssets(ctx);
  if (assets.size === 0) return [];
  if (!ctx.config!.treasury.mixin) return [];
  if (!ctx.mixin || !ctx.registered) return [skipped('assets', 'balances', 'the bot cannot be read on Mixin, see above')];

  const sums = new Map<string, { sum: Dec; outputs: number }>();
  try {
    for await (const page of ownOutputs(ctx.mixin, { state: 'unspent' }, MixinApiError)) {
      for (const o of page) {
        const id = o.asset_id.toLowerCase();
        const s = sums.get(id) ?? { sum: new Dec(0), outputs: 0 };
        s.sum = s.sum.plus(new Dec(o.amount));
        s.outputs += 1;
        sums.set(id, s);
      }
    }
  } catch (e) {
    return [
      fail(
        'assets',
        `cannot list the bot's unspent outputs: ${(e as Error).message}`,
        "check the network and Mixin's status, then run the doctor again",
      ),
    ];
  }

  const app = ctx.keystore!.appId;
  const thresholds = ctx.config!.alerts.lowBalance;
  const checks: Check[] = [];
  for (const [assetId, { label, wallets }] of assets) {
    const held = sums.get(assetId);
    const balance = held ? Amount.of(held.sum).toPlainString() : '0';
    const outputs = held?.outputs ?? 0;
    const name = `${label} (${assetId})`;
    const line = `${name}: ${balance} spendable in ${outputs} unspent output${outputs === 1 ? '' : 's'}`;
    const fund =
      `fund the bot (App ID ${app}) with ${label}: a MixPay pay link with payeeId=${app} and settlementAssetId=${assetId}, ` +
      `or any Mixin transfer to it (docs/going-live.md, step 3)`;
    const threshold = thresholds[assetId];
    const extra = { details: [`offered by ${wallets.join(', ')}`] };
    if (!held || held.sum.isZero()) {
      checks.push(fail(`asset:${assetId}`, `${line}: EMPTY, so ${wallets.join(', ')} cannot offer it`, fund, extra));
    } else if (threshold === undefined) {
      checks.push(
        warn(
          `asset:${assetId}`,
          `${line}; no alerts.lowBalance threshold`,
          `set alerts.lowBalance["${assetId}"] to hear before it runs dry`,
          extra,
        ),
      );
    } else if (held.sum.lessThan(threshold)) {
      checks.push(warn(`asset:${assetId}`, `${line}: under its alert threshold of ${threshold}`, fund, extra));
    } else {
      checks.push(ok(`asset:${assetId}`, `${line}; alert threshold ${threshold}`, extra));
    }
  }
  return checks;
}
