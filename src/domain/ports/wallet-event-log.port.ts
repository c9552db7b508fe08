import type { WalletEvent } from './wallet-provider.port.js';

/** Verified provider events, stored once each so a repeated delivery changes nothing twice. */
export interface WalletEventLog {
  /**
   * Records the event in the current unit of work; false when it was already recorded. An event
   * recorded as `deferred` (its order was not ready) may be recorded again with its real outcome.
   */
  record(wallet: string, event: WalletEvent, outcome: string): Promise<boolean>;
  /** Events acknowledged but not yet applied, oldest first. */
  deferred(limit: number): Promise<{ wallet: string; event: WalletEvent }[]>;
}
