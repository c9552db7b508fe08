import type { Order } from '../order/order.js';

/** What became of a new order: stored with its reservation, or why not (nothing stored then). */
export type Admission = 'admitted' | 'duplicate' | 'insufficient_balance' | 'too_many_open';

/**
 * Stores a new order together with its balance reservation, atomically: the order exists only if the
 * reservation does, the reserved sum never exceeds the balance, and the payee holds at most
 * `maxOpenPerPayee` reservations, whatever the concurrency and across processes.
 */
export interface OrderAdmission {
  admit(order: Order, maxOpenPerPayee: number): Promise<Admission>;
}
