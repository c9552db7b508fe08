/** Tells the background workers that work was just queued, so they start now instead of at their next poll. */
export interface WorkSignal {
  /** Transfers to MixPay were committed to the outbox. */
  transfersQueued(): void;
}
