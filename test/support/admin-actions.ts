import { ADMIN_BEARER, type AdminAnswer } from './admin-orders.js';

/* The admin API's POST routes and the incoming-transfer list, as an operator (or a test of MixPay's refunds) calls them. */

async function send<T>(base: string, method: 'POST', path: string, body?: unknown): Promise<AdminAnswer<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_BEARER}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T };
}

export function retrySettlement(base: string, traceId: string): Promise<AdminAnswer<{ result: string }>> {
  return send(base, 'POST', `/admin/orders/${traceId}/retry-settlement`);
}

export function reviewOrder(base: string, traceId: string, decision: string, note = ''): Promise<AdminAnswer<{ result: string }>> {
  return send(base, 'POST', `/admin/orders/${traceId}/review`, { decision, note });
}

export interface SandboxIncoming {
  readonly asset_id: string;
  readonly amount: string;
  readonly opponent_id: string;
  readonly memo: string;
}

/** Records a transfer into the sandbox bot; returns its snapshot id, throws unless the broker answers 201. */
export async function sendToSandboxBot(base: string, transfer: SandboxIncoming): Promise<string> {
  const answer = await send<{ snapshot_id: string }>(base, 'POST', '/admin/sandbox/incoming', transfer);
  if (answer.status !== 201) throw new Error(`POST /admin/sandbox/incoming answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.snapshot_id;
}

export interface IncomingRow {
  snapshot_id: string;
  asset_id: string;
  amount: string;
  opponent_id: string;
  memo: string;
  created_at: string;
  outcome: string;
  trace_id: string | null;
  refund_code: string | null;
}

/** GET /admin/incoming, with `?outcome=` when given (the route's default is unmatched,mismatch). */
export async function incomingTransfers(base: string, outcome?: string): Promise<IncomingRow[]> {
  const query = outcome === undefined ? '' : `?outcome=${encodeURIComponent(outcome)}`;
  const res = await fetch(`${base}/admin/incoming${query}`, { headers: { authorization: `Bearer ${ADMIN_BEARER}` } });
  if (res.status !== 200) throw new Error(`GET /admin/incoming${query} answered ${res.status}`);
  return (await res.json()) as IncomingRow[];
}

/** MixPay's refund memo: base64 of `RF|<trace_id>|<code>`. */
export const mixpayRefundMemo = (traceId: string, code: string): string => Buffer.from(`RF|${traceId}|${code}`).toString('base64');

/** MixPay's older refund memo: base64 of `RESULT|TRACE|SOURCE|TYPE|CODE`, e.g. `1|<trace>|SN|RF|40000`. */
export const legacyMixpayRefundMemo = (traceId: string, code: string): string =>
  Buffer.from(`1|${traceId}|SN|RF|${code}`).toString('base64');
