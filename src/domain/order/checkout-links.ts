/** What MixPay shows the payer: a browser page, and optionally an app link and a mobile link ("" when none). */
export interface CheckoutLinks {
  readonly checkoutUrl: string;
  readonly deepLink: string;
  readonly universalUrl: string;
}
