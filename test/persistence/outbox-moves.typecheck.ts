/*
 * Never run: `tsc --noEmit` checks it. A queue adapter can make only the moves its machine lists,
 * and a claim holder's moves only under its claim (fenced), the others only without one.
 */
import type { PgOutbox } from '../../src/adapters/persistence/pg-outbox.js';
import type { REFUND_OUTBOX } from '../../src/domain/refund/refund-outbox.js';
import type { TRANSFER_OUTBOX } from '../../src/domain/settlement/transfer-outbox.js';

declare const transfers: PgOutbox<typeof TRANSFER_OUTBOX, { lease_token: string | null }>;
declare const refunds: PgOutbox<typeof REFUND_OUTBOX, { lease_token: string | null }>;
declare const claim: { key: string; leaseToken: string };
const now = new Date();

export const moves = [
  transfers.byClaim('done', claim, '', [], now),
  transfers.move('reopen', 'trace', '', [], now),
  refunds.move('providerSucceeded', 'refund', '', [], now),
  // @ts-expect-error an operator's reopen is not a claim holder's move
  transfers.byClaim('reopen', claim, '', [], now),
  // @ts-expect-error finishing a transfer takes the claim (and its fence)
  transfers.move('done', 'trace', '', [], now),
  // @ts-expect-error a move the transfer machine does not have
  transfers.byClaim('succeed', claim, '', [], now),
  // @ts-expect-error a refund move on the transfer outbox
  transfers.move('providerFailed', 'trace', '', [], now),
];
