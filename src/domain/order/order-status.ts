import { DomainError } from '../shared/domain-error.js';

/**
 * Every status an order can be in. `creating` covers the gap between storing the order (and its
 * reservation) and receiving the wallet's checkout links, so a crash in that gap is recoverable.
 */
export const ORDER_STATUSES = [
  'creating',
  'awaiting_payment',
  'paid',
  'settling',
  'settled',
  'settlement_failed',
  'expired',
  'failed',
  'needs_review',
  'refund_pending',
  'refunded',
  'refunded_by_mixpay',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The one state machine of an order: the only moves there are. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  creating: ['awaiting_payment', 'failed', 'expired'],
  awaiting_payment: ['paid', 'expired', 'failed', 'needs_review'],
  paid: ['settling'],
  settling: ['settled', 'settlement_failed'],
  settlement_failed: ['settling'],
  settled: ['refunded_by_mixpay'],
  // A payment that arrives after the deadline, or after the wallet reported failure, goes back to the payer.
  expired: ['refund_pending'],
  failed: ['refund_pending'],
  // An operator decides: settle it anyway, or give the money back.
  needs_review: ['settling', 'refund_pending'],
  refund_pending: ['refunded'],
  refunded: [],
  refunded_by_mixpay: [],
};

/** Statuses in which the order's amount is still held in reserve for a transfer to MixPay. */
const HOLDS_RESERVATION: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'creating',
  'awaiting_payment',
  'paid',
  'settling',
  'settlement_failed',
  'needs_review',
]);

export class IllegalTransition extends DomainError {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`an order cannot go from ${from} to ${to}`);
  }
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransition(from, to);
}

export function holdsReservation(status: OrderStatus): boolean {
  return HOLDS_RESERVATION.has(status);
}
