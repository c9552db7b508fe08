import type { WalletEvent } from './wallet-provider.port.js';

/** Verified provider events, stored once each so a repeated delivery changes nothing twice. */
export interface WalletEventLog {
  /** Records the event in the current unit of work; false when it was already recorded. */
  record(wallet: string, event: WalletEvent, outcome: string): Promise<boolean>;
}
