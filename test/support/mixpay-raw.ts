import type { Envelope, Links, RangeRow } from './mixpay-client.js';

/*
 * Requests the tidy helpers of mixpay-client.ts cannot express: repeated fields, raw query strings,
 * any body with any content type.
 */

export type Reply<T = unknown> = { status: number; body: Envelope<T> };

async function reply<T>(res: Response): Promise<Reply<T>> {
  return { status: res.status, body: (await res.json()) as Envelope<T> };
}

/** GET assets/range with the query string exactly as given (without the leading "?"). */
export async function rangeQuery(base: string, query: string): Promise<Reply<RangeRow[]>> {
  return reply(await fetch(`${base}/mixpay/assets/range?${query}`));
}

/** POST create_order with a body as given; content type from `contentType`, or from the body (forms). */
export async function postCreateOrder(
  base: string,
  body: string | URLSearchParams | FormData,
  contentType?: string,
): Promise<Reply<Links>> {
  return reply(
    await fetch(`${base}/mixpay/create_order`, {
      method: 'POST',
      ...(contentType ? { headers: { 'content-type': contentType } } : {}),
      body,
    }),
  );
}

/** An urlencoded body from name/value pairs; a name may repeat. */
export function formPairs(pairs: readonly (readonly [string, string])[]): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of pairs) p.append(k, v);
  return p;
}

/** A multipart body from name/value pairs; a name may repeat. */
export function multipartPairs(pairs: readonly (readonly [string, string])[]): FormData {
  const fd = new FormData();
  for (const [k, v] of pairs) fd.append(k, v);
  return fd;
}

/** A body's fields as string pairs (for the form encodings). */
export function pairsOf(body: Record<string, unknown>): [string, string][] {
  return Object.entries(body).map(([k, v]) => [k, String(v)]);
}

/** JSON text of `body` with `field` written as the raw JSON `rawValue` (e.g. a number with 9 decimals). */
export function jsonWithRawField(body: Record<string, unknown>, field: string, rawValue: string): string {
  const marker = '__raw_json_value__';
  return JSON.stringify({ ...body, [field]: marker }).replace(`"${marker}"`, rawValue);
}
