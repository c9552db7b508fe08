import { createHash } from 'node:crypto';
import type { PluginStore } from '@mixpay-broker/plugin-api';

/*
 * What this plugin keeps in its store. Bybit hands out the QR image only in create_pay's answer,
 * so the store is the one place the checkout page and a retried checkout can find it again.
 *   payment:<payId>           StoredPayment
 *   trade:<merchantTradeNo>   payId
 *   sig:<sha256 hex>          first sight of a webhook signature (replay guard), see firstSightOf
 */

export interface StoredPayment {
  readonly payId: string;
  readonly merchantTradeNo: string;
  /** `data:image/png;base64,…` as Bybit sent it; checked again before it is put in a page. */
  readonly qrContent: string;
  /** The app link (`bybitapp://…`). */
  readonly checkoutLink: string;
  /** What the payer pays (amount + fee), as sent to Bybit. */
  readonly amount: string;
  readonly currency: string;
  /** ISO 8601: the orderExpireTime Bybit accepted. */
  readonly expiresAt: string;
  /** The broker's return route for the order. */
  readonly returnUrl: string;
  readonly createdAt: string;
}

export class BybitStore {
  constructor(private readonly store: PluginStore) {}

  payment(payId: string): Promise<StoredPayment | null> {
    return this.store.get<StoredPayment>(`payment:${payId}`);
  }

  /** The payment before its trade index, so the index never points at nothing. */
  async putPayment(payment: StoredPayment): Promise<void> {
    await this.store.put(`payment:${payment.payId}`, payment);
    await this.store.put(`trade:${payment.merchantTradeNo}`, payment.payId);
  }

  async paymentForTrade(merchantTradeNo: string): Promise<StoredPayment | null> {
    const payId = await this.store.get<string>(`trade:${merchantTradeNo}`);
    return payId === null ? null : this.payment(payId);
  }

  /** By Bybit's id when the broker has it, else by our trade reference. */
  paymentFor(ref: { readonly paymentId: string | null; readonly merchantTradeNo: string }): Promise<StoredPayment | null> {
    return ref.paymentId !== null ? this.payment(ref.paymentId) : this.paymentForTrade(ref.merchantTradeNo);
  }

  /**
   * False when this signature was seen before. Atomic across broker processes. Keyed by a digest of
   * the signature's bytes: the host's keys hold 255 characters (a 2048-bit signature is 344 in
   * base64), and one signature spelt two ways in base64 is still the same delivery.
   */
  firstSightOf(signatureBase64: string, receivedAt: Date): Promise<boolean> {
    const digest = createHash('sha256').update(Buffer.from(signatureBase64, 'base64')).digest('hex');
    return this.store.putIfAbsent(`sig:${digest}`, { receivedAt: receivedAt.toISOString() });
  }
}
