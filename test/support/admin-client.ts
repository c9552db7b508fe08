/** The operator's view of an order, read through the admin API (start the broker with `adminToken: ADMIN_TOKEN`). */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface AdminOrder {
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
  return_url: string;
  expired_at: string;
  opponent_id: string;
  links: { checkout_url: string; deep_link: string; universal_url: string } | null;
  failure_reason: string | null;
}

export async function adminOrder(base: string, traceId: string): Promise<{ status: number; order: AdminOrder | null }> {
  const res = await fetch(`${base}/admin/orders/${encodeURIComponent(traceId)}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const body = (await res.json()) as unknown;
  return { status: res.status, order: res.status === 200 ? (body as AdminOrder) : null };
}
