import { outboxMachine } from '../outbox/outbox-machine.js';
import type { TransferState } from './transfer-job.js';

/** The one state machine of a transfer row (the order's own is in order-status.ts). */
export const TRANSFER_OUTBOX = outboxMachine<TransferState>()({
  initial: 'pending',
  due: ['pending'],
  leased: 'in_flight',
  moves: {
    done: { from: ['in_flight'], to: 'done', byClaim: true },
    /** A retryable failure: due again after a backoff. */
    retry: { from: ['in_flight'], to: 'pending', byClaim: true },
    fail: { from: ['in_flight'], to: 'failed', byClaim: true },
    /** An operator's retry of a failed transfer, with a fresh attempt count. */
    reopen: { from: ['failed'], to: 'pending', byClaim: false },
  },
});
