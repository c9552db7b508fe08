import type { OrderListItem } from '../../src/application/operations/search-orders.query.js';
import { ADMIN_BEARER, adminGet, type AdminAnswer } from './admin-orders.js';

/* The operator's lists, as the console and scripts call them: GET /admin/orders and GET /admin/incoming, page by page. */

export interface OrderListAnswer {
  orders: OrderListItem[];
  next_cursor: string | null;
  error?: string;
}

/** GET /admin/orders with these query parameters (repeat one by giving an array). */
export function searchOrders(base: string, query: Record<string, string | string[]> = {}): Promise<AdminAnswer<OrderListAnswer>> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const v of [value].flat()) params.append(name, v);
  const qs = params.toString();
  return adminGet<OrderListAnswer>(base, `/admin/orders${qs ? `?${qs}` : ''}`);
}

/** Every trace id the search finds, following next_cursor page by page; throws on any answer but 200. */
export async function allTraceIds(base: string, query: Record<string, string> = {}): Promise<{ traceIds: string[]; pages: number }> {
  const traceIds: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer = await searchOrders(base, { ...query, ...(cursor ? { cursor } : {}) });
    if (answer.status !== 200) throw new Error(`GET /admin/orders answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    traceIds.push(...answer.body.orders.map((o) => o.trace_id));
    cursor = answer.body.next_cursor;
    pages++;
  } while (cursor && pages < 100);
  return { traceIds, pages };
}

/** GET /admin/incoming with its raw answer: the rows and the X-Next-Cursor header. */
export async function incomingPage(base: string, query: Record<string, string> = {}) {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${base}/admin/incoming${qs ? `?${qs}` : ''}`, { headers: { authorization: `Bearer ${ADMIN_BEARER}` } });
  return { status: res.status, body: (await res.json()) as unknown, nextCursor: res.headers.get('x-next-cursor') };
}
