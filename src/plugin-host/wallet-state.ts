import type { WalletInstance } from '../domain/wallet/wallet-instance.js';
import type { HostedProvider } from './provider-contract.js';

/**
 * How a configured wallet identifier stands. `missing`: no plugin of that name under plugins/.
 * `broken`: the plugin is there but does not load or construct. `incompatible`: built for another
 * plugin API. `invalid_settings`: the plugin refused this wallet's settings.
 */
export type WalletStatus = 'active' | 'disabled' | 'missing' | 'broken' | 'incompatible' | 'invalid_settings';

export interface WalletState {
  readonly id: string;
  readonly instance: WalletInstance;
  readonly status: WalletStatus;
  readonly problem: string | null;
  readonly pluginVersion: string | null;
  readonly provider: HostedProvider | null;
}
