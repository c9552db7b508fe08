import { orderRequest } from './fixtures.js';
import { createOrder, type Links } from './mixpay-client.js';

/** An order the broker accepted, with the references a wallet would use for it. */
export interface PlacedOrder {
  readonly request: Record<string, unknown>;
  readonly traceId: string;
  /** The reference wallets get: the trace id without dashes. */
  readonly tradeNo: string;
  /** The last path segment of the checkout URL (the mock wallet's payment id). */
  readonly paymentId: string;
  readonly links: Links;
}

/** create_order with `orderRequest(overrides)`; throws unless the broker answers code 0. */
export async function placeOrder(base: string, overrides: Record<string, unknown> = {}): Promise<PlacedOrder> {
  const request = orderRequest(overrides);
  const answer = await createOrder(base, request);
  if (answer.body.code !== 0) {
    throw new Error(`create_order answered ${answer.body.code}: ${answer.body.message}`);
  }
  const traceId = String(request.trace_id);
  const links = answer.body.data;
  return {
    request,
    traceId,
    tradeNo: traceId.replaceAll('-', ''),
    paymentId: decodeURIComponent(new URL(links.checkout_url).pathname.split('/').pop() ?? ''),
    links,
  };
}
