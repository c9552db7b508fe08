import type { OrderView } from '../../src/application/operations/get-order-view.query.js';
import { ADMIN_BEARER, adminGet } from './admin-orders.js';

/** The admin token test brokers are started with (the same one `admin-orders.ts` uses). */
export const ADMIN_TOKEN = ADMIN_BEARER;

/** The operator's view of an order, as the admin API answers it. */
export type AdminOrder = OrderView;

/** GET /admin/orders/<trace_id>: the status and, on 200, the order (null otherwise, e.g. 404 for an order never stored). */
export async function adminOrder(base: string, traceId: string): Promise<{ status: number; order: AdminOrder | null }> {
  const answer = await adminGet<AdminOrder>(base, `/admin/orders/${encodeURIComponent(traceId)}`);
  return { status: answer.status, order: answer.status === 200 ? answer.body : null };
}
