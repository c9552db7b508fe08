import type { OrderRepository } from '../domain/ports/order.repository.port.js';

export interface OrderView {
  trace_id: string;
  status: string;
  wallet: string;
  payee_id: string;
  asset_id: string;
  amount: string;
  fee: string;
  pay_amount: string;
  currency: string;
  memo: string;
  opponent_id: string;
  expired_at: string;
  return_url: string;
  payment_id: string | null;
  links: { checkout_url: string; deep_link: string; universal_url: string } | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
  history: { from: string | null; to: string; cause: string; at: string }[];
}

/** The operator's view of one order. */
export class GetOrderView {
  constructor(private readonly orders: OrderRepository) {}

  async execute(traceId: string): Promise<OrderView | null> {
    const order = await this.orders.findByTraceId(traceId);
    if (!order) return null;
    const t = order.terms;
    const history = await this.orders.history(traceId);
    return {
      trace_id: t.traceId,
      status: order.status,
      wallet: t.wallet,
      payee_id: t.payeeId,
      asset_id: t.assetId,
      amount: t.amount.toString(),
      fee: order.fee.toString(),
      pay_amount: order.payAmount.toString(),
      currency: order.currency,
      memo: t.memo,
      opponent_id: t.opponentId,
      expired_at: t.expiredAt.toISOString(),
      return_url: t.returnUrl,
      payment_id: order.paymentId,
      links: order.links
        ? { checkout_url: order.links.checkoutUrl, deep_link: order.links.deepLink, universal_url: order.links.universalUrl }
        : null,
      failure_reason: order.failureReason,
      created_at: order.createdAt.toISOString(),
      updated_at: order.updatedAt.toISOString(),
      history: history.map((h) => ({ from: h.from, to: h.to, cause: h.cause, at: h.at.toISOString() })),
    };
  }
}
