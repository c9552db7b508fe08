/** The public URLs the broker hands out (built on PUBLIC_URL). */
export interface BrokerLinks {
  returnUrl(traceId: string): string;
  webhookUrl(walletId: string): string;
}
