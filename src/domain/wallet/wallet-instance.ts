import type { AssetTerms } from './asset-terms.js';
import type { PayeePolicy } from './payee-policy.js';

/**
 * One configured wallet identifier (`binance`, `binance_jp`, `mock`): a plugin plus its own payees,
 * assets and settings. Several instances may share a plugin.
 */
export interface WalletInstance {
  readonly id: string;
  readonly plugin: string;
  readonly enabled: boolean;
  readonly payees: PayeePolicy;
  readonly assets: ReadonlyMap<string, AssetTerms>;
}
