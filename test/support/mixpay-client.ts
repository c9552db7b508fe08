/** Calls the broker the way MixPay does, in each of the body encodings the protocol accepts. */
export type Encoding = 'json' | 'form' | 'multipart';

export interface Envelope<T = unknown> {
  code: number;
  success: boolean;
  message: string;
  data: T;
}

export interface Links {
  checkout_url: string;
  deep_link: string;
  universal_url: string;
}

export async function createOrder(
  base: string,
  body: Record<string, unknown>,
  encoding: Encoding = 'json',
): Promise<{ status: number; body: Envelope<Links> }> {
  let init: RequestInit;
  if (encoding === 'json') {
    init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  } else if (encoding === 'form') {
    init = { method: 'POST', body: new URLSearchParams(body as Record<string, string>) };
  } else {
    const fd = new FormData();
    for (const [k, v] of Object.entries(body)) fd.append(k, String(v));
    init = { method: 'POST', body: fd };
  }
  const res = await fetch(`${base}/mixpay/create_order`, init);
  return { status: res.status, body: (await res.json()) as Envelope<Links> };
}

/** Sends a raw JSON text (numbers exactly as written). */
export async function createOrderRaw(base: string, rawJson: string): Promise<{ status: number; body: Envelope<Links> }> {
  const res = await fetch(`${base}/mixpay/create_order`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: rawJson,
  });
  return { status: res.status, body: (await res.json()) as Envelope<Links> };
}

export interface RangeRow {
  asset_id: string;
  min: string;
  max: string;
  min_usdt: string;
  max_usdt: string;
  fee: string;
}

export async function assetsRange(base: string, query: Record<string, string>): Promise<{ status: number; body: Envelope<RangeRow[]> }> {
  const res = await fetch(`${base}/mixpay/assets/range?${new URLSearchParams(query)}`);
  return { status: res.status, body: (await res.json()) as Envelope<RangeRow[]> };
}
