import { hmacSha256Hex, type PluginStore } from '@mixpay-broker/plugin-api';
import type { MockEventType } from './transformers.js';

/*
 * What the mock wallet keeps in its plugin store. Values are plain JSON (dates as ISO text,
 * amounts as decimal strings) so any durable store can hold them.
 */

export type MockPaymentState = 'pending' | 'paid' | 'failed' | 'expired';

/** The notification decided when the payer pressed a button, kept so a failed delivery can be retried as-is. */
export interface StoredOutcome {
  readonly eventId: string;
  readonly type: MockEventType;
  readonly delivered: boolean;
  /** The lost-webhook fault swallowed it: never sent, and never offered for resending. */
  readonly dropped?: boolean;
}

export interface StoredPayment {
  readonly paymentId: string;
  readonly merchantTradeNo: string;
  readonly traceId: string;
  /** What the payer pays: the request's payAmount (amount + fee). */
  readonly amount: string;
  readonly currency: string;
  readonly returnUrl: string;
  readonly webhookUrl: string;
  /** ISO 8601. */
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly state: MockPaymentState;
  /** The `decline` fault was active at creation: Pay will answer payment.failed. */
  readonly declines: boolean;
  /**
   * The lost-webhook fault was in force at creation, and where it came from: the payment settles
   * here, but no notification about it is sent. Absent on payments stored before this fault existed.
   */
  readonly lostWebhook?: 'memo' | 'settings';
  /** Sum of succeeded refunds, a decimal string. */
  readonly refunded: string;
  readonly outcome?: StoredOutcome;
}

export interface StoredRefund {
  readonly refundId: string;
  readonly providerRefundId: string;
  readonly paymentId: string;
  readonly amount: string;
  readonly currency: string;
}

export class MockStore {
  constructor(
    private readonly store: PluginStore,
    /** Keys the payment ids (see paymentIdOf); the wallet's webhook secret. */
    private readonly idKey: string,
  ) {}

  /**
   * A trade's payment id: derived from the trade, so a checkout is stored with one statement and a
   * retry lands on the same record; keyed, so the checkout page's URL cannot be worked out from the
   * trade number (its buttons move the mock's money).
   */
  paymentIdOf(merchantTradeNo: string): string {
    return hmacSha256Hex(this.idKey, `payment-id:${merchantTradeNo}`).slice(0, 32);
  }

  payment(paymentId: string): Promise<StoredPayment | null> {
    return this.store.get<StoredPayment>(`payment:${paymentId}`);
  }

  putPayment(payment: StoredPayment): Promise<void> {
    return this.store.put(`payment:${payment.paymentId}`, payment);
  }

  /** Stores a new payment; false when its id is taken (the trade's checkout exists). */
  addPayment(payment: StoredPayment): Promise<boolean> {
    return this.store.putIfAbsent(`payment:${payment.paymentId}`, payment);
  }

  /** The trade's payment: at its derived id, else through the `trade:` index payments stored by earlier versions have. */
  async paymentForTrade(merchantTradeNo: string): Promise<StoredPayment | null> {
    const derived = await this.payment(this.paymentIdOf(merchantTradeNo));
    if (derived) return derived;
    const indexed = await this.store.get<string>(`trade:${merchantTradeNo}`);
    return indexed === null ? null : this.payment(indexed);
  }

  /** By the provider id when the broker has it, else by our trade reference. */
  paymentFor(ref: { readonly paymentId: string | null; readonly merchantTradeNo: string }): Promise<StoredPayment | null> {
    return ref.paymentId !== null ? this.payment(ref.paymentId) : this.paymentForTrade(ref.merchantTradeNo);
  }

  refund(refundId: string): Promise<StoredRefund | null> {
    return this.store.get<StoredRefund>(`refund:${refundId}`);
  }

  putRefund(refund: StoredRefund): Promise<void> {
    return this.store.put(`refund:${refund.refundId}`, refund);
  }
}

/** A decided notification that still has to reach the broker (not delivered, not deliberately lost). */
export function awaitsDelivery(outcome: StoredOutcome): boolean {
  return !outcome.delivered && outcome.dropped !== true;
}

/** A pending payment whose deadline has passed is expired, whether or not anyone closed it. */
export function effectiveState(payment: StoredPayment, now: Date): MockPaymentState {
  return payment.state === 'pending' && now.getTime() > Date.parse(payment.expiresAt) ? 'expired' : payment.state;
}
