import type { Fault, MockSettings } from './settings.js';

/*
 * Fault injection, after Kill Bill's payment-test-plugin: a setting applies to every order,
 * and a switch in an order's memo overrides it for that order, so one test can break one order
 * without reconfiguring the wallet. Two independent kinds:
 *   - on create (`faults.create`; memo `mock:error`, `mock:slow`, `mock:decline`);
 *   - on the notification (`faults.webhook: "drop"`; memo `mock:lost-webhook`): the payment is
 *     settled at the mock as usual, but the webhook that should tell the broker is lost, so only a
 *     query (reconciliation) can find out.
 */

export type ActiveFault = Exclude<Fault, 'none'>;

const MEMO_SWITCH = /\bmock:(error|slow|decline)\b/;
const LOST_WEBHOOK_SWITCH = /\bmock:lost-webhook\b/;

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

export interface WebhookFaultChoice {
  readonly fault: 'lost-webhook';
  readonly source: 'memo' | 'settings';
}

/**
 * Whether the notifications about one order are lost, decided when its checkout is created (like
 * `decline`) and kept with the payment. Independent of the create fault: one memo may carry both.
 */
export function selectWebhookFault(settings: MockSettings['faults'], memo: string): WebhookFaultChoice | null {
  if (LOST_WEBHOOK_SWITCH.test(memo)) return { fault: 'lost-webhook', source: 'memo' };
  return settings.webhook === 'drop' ? { fault: 'lost-webhook', source: 'settings' } : null;
}
