import type { OrderRepository } from '../domain/ports/order.repository.port.js';

/** Where the payer's browser goes after the wallet: MixPay's return_url for the order. */
export class ReturnRedirect {
  constructor(private readonly orders: OrderRepository) {}

  async execute(traceId: string): Promise<string | null> {
    const order = await this.orders.findByTraceId(traceId);
    return order?.terms.returnUrl ?? null;
  }
}
