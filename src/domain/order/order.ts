import { type Amount } from '../money/amount.js';
import type { CheckoutLinks } from './checkout-links.js';
import { assertTransition, holdsReservation, type OrderStatus } from './order-status.js';
import type { OrderTerms } from './order-terms.js';
import type { OrderTransition } from './order-transition.js';

export interface OrderState {
  readonly terms: OrderTerms;
  readonly fee: Amount;
  readonly currency: string;
  status: OrderStatus;
  links: CheckoutLinks | null;
  paymentId: string | null;
  providerData: Record<string, string>;
  failureReason: string | null;
  /** When the wallet is next asked about this unpaid order (lost-webhook reconciliation). */
  nextCheckAt: Date | null;
  /** How many reconciliation checks have been made. */
  checks: number;
  /** MixPay's reason code when it returned the money. */
  mixpayRefundCode: string | null;
  /** What the wallet reported as paid when it was not what was due (held for review), as reported. */
  reportedPayment: { readonly amount: string | null; readonly currency: string | null } | null;
  readonly createdAt: Date;
  updatedAt: Date;
  /** Optimistic-concurrency version: bumped on every save. */
  version: number;
}

/**
 * The aggregate: one MixPay order served by one wallet. Every status change goes through
 * `transition`, which checks the state machine and records the move for the repository to store
 * in the same transaction as the change itself.
 */
export class Order {
  private readonly pending: OrderTransition[] = [];

  private constructor(private readonly state: OrderState) {}

  static open(terms: OrderTerms, fee: Amount, currency: string, now: Date): Order {
    const order = new Order({
      terms,
      fee,
      currency,
      status: 'creating',
      links: null,
      paymentId: null,
      providerData: {},
      failureReason: null,
      nextCheckAt: null,
      checks: 0,
      mixpayRefundCode: null,
      reportedPayment: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
    order.pending.push({ from: null, to: 'creating', cause: 'create_order received', at: now });
    return order;
  }

  static restore(state: OrderState): Order {
    return new Order({ ...state });
  }

  get traceId(): string {
    return this.state.terms.traceId;
  }
  get terms(): OrderTerms {
    return this.state.terms;
  }
  get wallet(): string {
    return this.state.terms.wallet;
  }
  get status(): OrderStatus {
    return this.state.status;
  }
  get fee(): Amount {
    return this.state.fee;
  }
  get currency(): string {
    return this.state.currency;
  }
  get links(): CheckoutLinks | null {
    return this.state.links;
  }
  get paymentId(): string | null {
    return this.state.paymentId;
  }
  get providerData(): Readonly<Record<string, string>> {
    return this.state.providerData;
  }
  get failureReason(): string | null {
    return this.state.failureReason;
  }
  get nextCheckAt(): Date | null {
    return this.state.nextCheckAt;
  }
  get checks(): number {
    return this.state.checks;
  }
  get mixpayRefundCode(): string | null {
    return this.state.mixpayRefundCode;
  }
  get reportedPayment(): OrderState['reportedPayment'] {
    return this.state.reportedPayment;
  }
  get createdAt(): Date {
    return this.state.createdAt;
  }
  get updatedAt(): Date {
    return this.state.updatedAt;
  }
  get version(): number {
    return this.state.version;
  }

  /** What the payer is charged: MixPay's amount plus the broker's fee. */
  get payAmount(): Amount {
    return this.state.terms.amount.plus(this.state.fee);
  }

  /** The reference a wallet provider gets: the trace id without dashes (32 hex chars). */
  get merchantTradeNo(): string {
    return merchantTradeNoOf(this.state.terms.traceId);
  }

  holdsReservation(): boolean {
    return holdsReservation(this.state.status);
  }

  isPastDeadline(now: Date): boolean {
    return now.getTime() > this.state.terms.expiredAt.getTime();
  }

  /** Moves the state machine; throws IllegalTransition for a move it does not allow. */
  transition(to: OrderStatus, cause: string, now: Date): void {
    assertTransition(this.state.status, to);
    this.pending.push({ from: this.state.status, to, cause, at: now });
    // Only an order waiting for payment is ever checked at the wallet.
    if (to !== 'awaiting_payment') this.state.nextCheckAt = null;
    this.state.status = to;
    this.state.updatedAt = now;
  }

  attachCheckout(checkout: { links: CheckoutLinks; paymentId: string; providerData: Record<string, string> }, now: Date): void {
    this.transition('awaiting_payment', 'wallet checkout created', now);
    this.state.links = checkout.links;
    this.state.paymentId = checkout.paymentId;
    this.state.providerData = { ...checkout.providerData };
  }

  /** Plans the next wallet query for an unpaid order; null stops asking. */
  scheduleCheck(at: Date | null, countOne: boolean): void {
    this.state.nextCheckAt = at;
    if (countOne) this.state.checks += 1;
  }

  /** MixPay sent the money back (memo `RF|<trace>|<code>`). */
  refundedByMixPay(code: string, meaning: string, now: Date): void {
    this.transition('refunded_by_mixpay', `MixPay refund ${code}: ${meaning}`, now);
    this.state.mixpayRefundCode = code;
  }

  /** The payer paid something other than what was due: held until an operator decides. */
  holdForReview(reported: { amount: string | null; currency: string | null }, cause: string, now: Date): void {
    this.transition('needs_review', cause, now);
    this.state.reportedPayment = reported;
  }

  fail(reason: string, now: Date): void {
    this.transition('failed', reason, now);
    this.state.failureReason = reason;
  }

  /** Transitions made since load, still pending (a save that fails keeps them). */
  peekPendingTransitions(): readonly OrderTransition[] {
    return [...this.pending];
  }

  /** Transitions made since load, for the repository to append to the history. */
  takePendingTransitions(): OrderTransition[] {
    return this.pending.splice(0, this.pending.length);
  }

  snapshot(): Readonly<OrderState> {
    return { ...this.state };
  }

  /** Called by the repository once a save has been committed to storage. */
  markSaved(version: number): void {
    this.state.version = version;
  }
}

export function merchantTradeNoOf(traceId: string): string {
  return traceId.replaceAll('-', '');
}
