import type { WalletInstance } from '../wallet/wallet-instance.js';
import type { WalletProvider } from './wallet-provider.port.js';

/** A wallet identifier that is enabled and whose plugin loaded: ready to serve. */
export interface ActiveWallet {
  readonly instance: WalletInstance;
  readonly provider: WalletProvider;
}

export interface WalletRegistry {
  /**
   * A wallet that takes new orders. Undefined for an unknown, disabled or broken wallet identifier,
   * and for one an operator paused or that was taken out after repeated plugin failures.
   */
  active(walletId: string): ActiveWallet | undefined;
  /**
   * A wallet whose plugin is loaded, paused or not: existing orders still need its webhooks,
   * queries, closes and refunds, because money may already be moving.
   */
  serving(walletId: string): ActiveWallet | undefined;
}
