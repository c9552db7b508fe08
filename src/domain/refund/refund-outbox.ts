import { outboxMachine } from '../outbox/outbox-machine.js';
import type { RefundState } from './refund-job.js';

/** Every state a provider's word may overturn: all but a success. */
const UNSETTLED: readonly RefundState[] = ['pending', 'in_flight', 'awaiting_provider', 'failed'];

/** The one state machine of a payer refund row. */
export const REFUND_OUTBOX = outboxMachine<RefundState>()({
  initial: 'pending',
  // An accepted refund is asked about again, with the same refund id, when its check is due.
  due: ['pending', 'awaiting_provider'],
  leased: 'in_flight',
  moves: {
    succeed: { from: ['in_flight'], to: 'succeeded', byClaim: true },
    awaitProvider: { from: ['in_flight'], to: 'awaiting_provider', byClaim: true },
    retry: { from: ['in_flight'], to: 'pending', byClaim: true },
    fail: { from: ['in_flight'], to: 'failed', byClaim: true },
    /** The provider's own word (its webhook) is final whoever holds a claim, and ends the claim. */
    providerSucceeded: { from: UNSETTLED, to: 'succeeded', byClaim: false },
    providerFailed: { from: UNSETTLED, to: 'failed', byClaim: false },
    /** An operator's retry of a refund that failed for good, with a fresh attempt count. */
    reopen: { from: ['failed'], to: 'pending', byClaim: false },
  },
});
