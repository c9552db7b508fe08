import { Amount } from '../domain/money/amount.js';
import { FeeRate } from '../domain/money/fee-rate.js';
import type { AssetTerms } from '../domain/wallet/asset-terms.js';
import { PayeePolicy } from '../domain/wallet/payee-policy.js';
import type { WalletInstance } from '../domain/wallet/wallet-instance.js';
import type { WalletConfig } from './broker-config.schema.js';

/** Turns a validated wallet entry of the config file into the domain's view of it. */
export function toWalletInstance(id: string, config: WalletConfig): WalletInstance {
  const assets = new Map<string, AssetTerms>();
  for (const [assetId, a] of Object.entries(config.assets)) {
    assets.set(assetId, {
      assetId,
      min: Amount.parse(a.min),
      max: Amount.parse(a.max),
      fee: FeeRate.parse(a.fee),
      currency: a.currency,
    });
  }
  return {
    id,
    plugin: config.plugin,
    enabled: config.enabled,
    payees: new PayeePolicy(config.payees),
    assets,
  };
}
