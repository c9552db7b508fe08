import type { Fault, MockSettings } from './settings.js';

/*
 * Fault injection, after Kill Bill's payment-test-plugin: a setting applies to every order,
 * and a switch in an order's memo (`mock:error`, `mock:slow`, `mock:decline`) overrides it for that order,
 * so one test can break one order without reconfiguring the wallet.
 */

export type ActiveFault = Exclude<Fault, 'none'>;

const MEMO_SWITCH = /\bmock:(error|slow|decline)\b/;

export interface FaultChoice {
  readonly fault: ActiveFault;
  readonly source: 'memo' | 'settings';
}

/** The fault for one order, or null when it should go through untouched. */
export function selectFault(settings: MockSettings['faults'], memo: string): FaultChoice | null {
  const fromMemo = MEMO_SWITCH.exec(memo)?.[1] as ActiveFault | undefined;
  if (fromMemo) return { fault: fromMemo, source: 'memo' };
  return settings.create === 'none' ? null : { fault: settings.create, source: 'settings' };
}
