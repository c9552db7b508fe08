import type { Result } from './result.js';

/*
 * The contract every wallet plugin fulfils, owned by the plugin API so that it changes only with the
 * API's version. Amounts cross it as decimal strings (at most 8 decimals), never as numbers, and
 * failures come back as values, not exceptions.
 */

export interface CheckoutRequest {
  /** The wallet identifier this order came in on (`binance_jp`). */
  readonly wallet: string;
  readonly traceId: string;
  /** The trace id without dashes: the reference to send to the provider. */
  readonly merchantTradeNo: string;
  readonly assetId: string;
  /** The provider's currency code for the asset, from the wallet's config. */
  readonly currency: string;
  /** What MixPay receives. */
  readonly amount: string;
  /** The broker's fee. */
  readonly fee: string;
  /** What the payer is charged: amount + fee. */
  readonly payAmount: string;
  readonly memo: string;
  /** MixPay's deadline; a provider with a shorter maximum caps it. */
  readonly expiresAt: Date;
  /** The broker's return route for this order (it answers 302 to MixPay's return_url). */
  readonly returnUrl: string;
  /** The broker's webhook route for this wallet identifier. */
  readonly webhookUrl: string;
}

export interface CheckoutCreated {
  /** The provider's id for the payment (Binance prepayId, Bybit payId…). */
  readonly paymentId: string;
  readonly checkoutUrl: string;
  readonly deepLink: string;
  readonly universalUrl: string;
  /** Anything else the plugin needs later (query, refund), stored with the order. */
  readonly providerData?: Readonly<Record<string, string>>;
}

export interface WalletFailure {
  readonly reason: 'rejected' | 'unavailable' | 'timeout' | 'not_found' | 'invalid_response';
  readonly message: string;
  /** The provider's own error code, for the logs. */
  readonly providerCode?: string;
  /** True when the same call may succeed later (network, 5xx, rate limit). */
  readonly retryable: boolean;
}

export interface WebhookRequest {
  /** The body exactly as received: signatures are computed over these characters. */
  readonly rawBody: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
}

export interface WebhookRejection {
  /** `unavailable`: the plugin could not verify right now (key fetch or store failed); answered 503 so the provider retries. */
  readonly reason: 'bad_signature' | 'stale' | 'malformed' | 'unavailable';
  readonly message: string;
}

export type WalletEventKind = 'payment.succeeded' | 'payment.failed' | 'payment.expired' | 'refund.succeeded' | 'refund.failed';

/** A provider's notification, verified and normalised. */
export interface WalletEvent {
  /** Unique per event at the provider; repeated deliveries carry the same id. */
  readonly eventId: string;
  readonly kind: WalletEventKind;
  readonly merchantTradeNo: string;
  readonly paymentId?: string;
  /** What the payer actually paid, as the provider reports it. */
  readonly amount?: string;
  readonly currency?: string;
  readonly refundId?: string;
  readonly occurredAt?: Date;
}

/** The answer the provider expects once the event is stored (Binance wants JSON, Bybit "success"). */
export interface WebhookAck {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface WebhookAccepted {
  /** Null for a genuine notification the broker has no use for; it is acknowledged and ignored. */
  readonly event: WalletEvent | null;
  readonly ack: WebhookAck;
}

export interface PaymentRef {
  readonly paymentId: string | null;
  readonly merchantTradeNo: string;
  readonly providerData: Readonly<Record<string, string>>;
}

export interface PaymentStatus {
  readonly state: 'pending' | 'paid' | 'expired' | 'failed';
  readonly amount?: string;
  readonly currency?: string;
}

export interface RefundRequest {
  /** Our idempotency key: the same on every retry of one refund. */
  readonly refundId: string;
  readonly payment: PaymentRef;
  /** What to give back. */
  readonly amount: string;
  /** What the payer paid in total, so a plugin can tell a full refund from a partial one. */
  readonly paidAmount: string;
  readonly currency: string;
  readonly reason: string;
}

export interface RefundOutcome {
  readonly state: 'succeeded' | 'pending';
  readonly providerRefundId?: string;
}

export interface WalletProvider {
  /** Must be idempotent on `merchantTradeNo`: a retry returns the same payment, never a second one. */
  createCheckout(request: CheckoutRequest): Promise<Result<CheckoutCreated, WalletFailure>>;
  /** Checks signature and freshness before reading anything else of the body. */
  verifyWebhook(request: WebhookRequest): Promise<Result<WebhookAccepted, WebhookRejection>>;
  queryPayment(ref: PaymentRef): Promise<Result<PaymentStatus, WalletFailure>>;
  closePayment(ref: PaymentRef): Promise<Result<void, WalletFailure>>;
  refund(request: RefundRequest): Promise<Result<RefundOutcome, WalletFailure>>;
}
