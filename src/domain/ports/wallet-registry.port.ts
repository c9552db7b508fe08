import type { WalletInstance } from '../wallet/wallet-instance.js';
import type { WalletProvider } from './wallet-provider.port.js';

/** A wallet identifier that is enabled and whose plugin loaded: ready to serve. */
export interface ActiveWallet {
  readonly instance: WalletInstance;
  readonly provider: WalletProvider;
}

export interface WalletRegistry {
  /** Undefined for an unknown, disabled or broken wallet identifier. */
  active(walletId: string): ActiveWallet | undefined;
}
