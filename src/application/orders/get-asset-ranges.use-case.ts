import type { AssetRange } from '../../domain/wallet/asset-range.js';
import { assetRange } from '../../domain/wallet/asset-range.js';
import type { AssetHolding, BalanceLedger } from '../../domain/ports/balance-ledger.port.js';
import type { AssetTerms } from '../../domain/wallet/asset-terms.js';
import type { WalletRegistry } from '../../domain/ports/wallet-registry.port.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { noPermission, type MixPayError } from './mixpay-error.js';

/**
 * MixPay's assets/range: which assets a payee may pay with through a wallet, and how much.
 * An unknown or disabled wallet offers nothing (an empty list), so MixPay simply shows no range.
 */
export interface GetAssetRangesDeps {
  readonly wallets: WalletRegistry;
  /** A snapshot may answer (stale by about a second): `max` is advisory, create_order's reservation is the check. */
  readonly ledger: Pick<BalanceLedger, 'holdings'> & {
    /** The holdings when they can be had without I/O (a current snapshot), else null. */
    holdingsIfCurrent?(assetIds: readonly string[]): Map<string, AssetHolding> | null;
  };
}

export class GetAssetRanges {
  /**
   * The last range worked out for an asset's terms, with the holding it came from: a snapshot hands
   * out the same holding objects until it reloads, so most calls reuse the decimal arithmetic.
   */
  private readonly computed = new WeakMap<AssetTerms, { readonly holding: AssetHolding; readonly range: AssetRange | null }>();

  constructor(private readonly d: GetAssetRangesDeps) {}

  async execute(payeeId: string, walletId: string): Promise<Result<AssetRange[], MixPayError>> {
    const wallet = this.d.wallets.active(walletId);
    if (!wallet) return ok([]);
    if (!wallet.instance.payees.permits(payeeId)) return err(noPermission());
    const terms = [...wallet.instance.assets.values()];
    return ok(this.rangesOf(terms, await this.d.ledger.holdings(terms.map((t) => t.assetId))));
  }

  /**
   * The same answer when it is a success that needs no I/O (the holdings snapshot is current), so
   * the HTTP adapter can give it at once; null when execute() must run.
   */
  answerNow(payeeId: string, walletId: string): AssetRange[] | null {
    const wallet = this.d.wallets.active(walletId);
    if (!wallet) return [];
    if (!wallet.instance.payees.permits(payeeId)) return null;
    const terms = [...wallet.instance.assets.values()];
    const holdings = this.d.ledger.holdingsIfCurrent?.(terms.map((t) => t.assetId));
    return holdings ? this.rangesOf(terms, holdings) : null;
  }

  private rangesOf(terms: readonly AssetTerms[], holdings: ReadonlyMap<string, AssetHolding>): AssetRange[] {
    const ranges: AssetRange[] = [];
    for (const t of terms) {
      const holding = holdings.get(t.assetId);
      if (!holding) continue;
      let last = this.computed.get(t);
      if (last?.holding !== holding) {
        last = { holding, range: assetRange(t, holding.available, holding.usdPrice) };
        this.computed.set(t, last);
      }
      if (last.range) ranges.push(last.range);
    }
    return ranges;
  }
}
