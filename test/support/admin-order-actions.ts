import { ADMIN_BEARER, type AdminAnswer } from './admin-orders.js';

/* The operator's newer order actions: retry a failed refund, reconcile an order with its wallet now; and the dashboard. */

async function post<T>(base: string, path: string): Promise<AdminAnswer<T>> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_BEARER}` } });
  return { status: res.status, body: (await res.json()) as T };
}

export const retryRefund = (base: string, traceId: string) => post<{ result: string }>(base, `/admin/orders/${traceId}/refund/retry`);

export interface ReconcileAnswer {
  result: string;
  wallet_says?: string;
  before?: string;
  status?: string;
  error?: string;
}

export const reconcileOrder = (base: string, traceId: string) => post<ReconcileAnswer>(base, `/admin/orders/${traceId}/reconcile`);
