/** What became of a webhook: verified and applied, verified but already seen, or refused (bad signature, stale, unknown wallet). */
export type WebhookOutcome = 'accepted' | 'duplicate' | 'refused';

/** What became of one attempt at a transfer to MixPay. */
export type TransferOutcome = 'settled' | 'retrying' | 'failed';

/**
 * The business events operators count and time. Each method names an event, not a metric: the
 * adapter decides the series, labels and units, so the core never learns about Prometheus.
 */
export interface BrokerMetrics {
  /** A new order was stored with its checkout (not a repeated request answered again). */
  orderCreated(wallet: string): void;
  /** create_order answered an error code (11000, 11001, 11002). */
  orderRefused(wallet: string, code: number): void;
  webhookReceived(wallet: string, outcome: WebhookOutcome): void;
  /** One transfer attempt ended; `paidAt` is when the order was paid, for the payment-to-broadcast time of a settled one. */
  transferAttempted(assetId: string, outcome: TransferOutcome, paidAt: Date, at: Date): void;
}

/** For a use-case built without metrics (unit tests of the core, tools). */
export const NO_METRICS: BrokerMetrics = {
  orderCreated: () => undefined,
  orderRefused: () => undefined,
  webhookReceived: () => undefined,
  transferAttempted: () => undefined,
};
