/** The states `mixpay_broker_wallet_state` reports; each wallet has one series per state, 1 for its own. */
export const WALLET_GAUGE_STATES = [
  'active',
  'paused',
  'tripped',
  'disabled',
  'missing',
  'broken',
  'incompatible',
  'invalid_settings',
] as const;

export type WalletGaugeState = (typeof WALLET_GAUGE_STATES)[number];

/** A loaded wallet is active unless an operator paused it or its failures tripped it. */
export function walletGaugeState(status: string, runtime: { paused: boolean; tripped: boolean }): WalletGaugeState {
  if (status !== 'active') return (WALLET_GAUGE_STATES as readonly string[]).includes(status) ? (status as WalletGaugeState) : 'broken';
  if (runtime.tripped) return 'tripped';
  return runtime.paused ? 'paused' : 'active';
}
