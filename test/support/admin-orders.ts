import type { OrderView } from '../../src/application/operations/get-order-view.query.js';

/** The admin token test brokers are started with when a test reads the admin API (at least 16 characters). */
export const ADMIN_BEARER = 'test-admin-bearer-0123456789abcdef';

export interface AdminAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** GET an admin route. `token` null sends no Authorization header; a string is sent as a bearer token. */
export async function adminGet<T = unknown>(base: string, path: string, token: string | null = ADMIN_BEARER): Promise<AdminAnswer<T>> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const res = await fetch(`${base}${path}`, { headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T };
}

/** The operator's view of one order; throws unless the admin API answers 200. */
export async function orderView(base: string, traceId: string, token: string = ADMIN_BEARER): Promise<OrderView> {
  const answer = await adminGet<OrderView>(base, `/admin/orders/${traceId}`, token);
  if (answer.status !== 200) {
    throw new Error(`GET /admin/orders/${traceId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/** The statuses an order moved into, oldest first. */
export function statusesOf(view: OrderView): string[] {
  return view.history.map((h) => h.to);
}
