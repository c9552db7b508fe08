import { orderRequest } from '../../support/fixtures.js';
import type { WireRequest } from './probe.js';

/*
 * A create_order body as pieces that any encoding can carry: JSON members with their values as raw
 * JSON text (so a number travels exactly as written), and form pairs as text. A piece that one
 * encoding cannot express (a JSON object, a repeated form field) is null for it.
 */

export const FIELDS = ['payee_id', 'wallet', 'asset_id', 'amount', 'trace_id', 'memo', 'expired_at', 'return_url', 'opponent_id'] as const;
export type Field = (typeof FIELDS)[number];

export const ENCODINGS = ['json', 'urlencoded', 'multipart'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export type Pair = readonly [string, string];

/** What stands for one field: JSON members (raw values) and form pairs; [] leaves it out, null: cannot be sent that way. */
export interface Carried {
  readonly json: readonly Pair[] | null;
  readonly form: readonly Pair[] | null;
}

/** A field as text, the same in every encoding. */
export const asText = (field: string, value: string): Carried => ({ json: [[field, JSON.stringify(value)]], form: [[field, value]] });

/** A field as a raw JSON value; in the form encodings as `formText`, or not at all. */
export const asRawJson = (field: string, raw: string, formText: string | null = null): Carried => ({
  json: [[field, raw]],
  form: formText === null ? null : [[field, formText]],
});

/** A JSON number as written (1e3, 1.123456789); the forms carry the same characters as text. */
export const asNumber = (field: string, numberText: string): Carried => asRawJson(field, numberText, numberText);

export const absent: Carried = { json: [], form: [] };

/** A valid create_order body (mock wallet, USDT, 10) with a trace id of the caller's choosing. */
export function validFields(traceId: string, overrides: Partial<Record<Field, string>> = {}): Record<Field, string> {
  const body = orderRequest({ trace_id: traceId, memo: 'UE18Zm96enw4MDAx', ...overrides });
  return Object.fromEntries(FIELDS.map((f) => [f, String(body[f])])) as Record<Field, string>;
}

/** Every field as text. */
export const allText = (fields: Record<Field, string>): Carried => ({
  json: FIELDS.map((f) => [f, JSON.stringify(fields[f])] as const),
  form: FIELDS.map((f) => [f, fields[f]] as const),
});

/** The valid body with `field` replaced by `carried`, in the field's place. */
export function withField(fields: Record<Field, string>, field: Field, carried: Carried): Carried {
  const json: Pair[] | null = carried.json && [];
  const form: Pair[] | null = carried.form && [];
  for (const f of FIELDS) {
    const part = f === field ? carried : asText(f, fields[f]);
    json?.push(...part.json!);
    form?.push(...part.form!);
  }
  return { json, form };
}

export const encodingsOf = (c: Carried): Encoding[] => ENCODINGS.filter((e) => (e === 'json' ? c.json : c.form) !== null);

export function jsonText(members: readonly Pair[]): string {
  return `{${members.map(([k, raw]) => `${JSON.stringify(k)}:${raw}`).join(',')}}`;
}

export function formData(pairs: readonly Pair[]): FormData {
  const fd = new FormData();
  for (const [k, v] of pairs) fd.append(k, v);
  return fd;
}

export function urlencoded(pairs: readonly Pair[]): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of pairs) p.append(k, v);
  return p;
}

export const CREATE_ORDER = '/mixpay/create_order';

/** The create_order request carrying `body` in `encoding`. */
export function createOrderRequest(body: Carried, encoding: Encoding): WireRequest {
  if (encoding === 'json') return { method: 'POST', path: CREATE_ORDER, body: jsonText(body.json!), contentType: 'application/json' };
  if (encoding === 'urlencoded') return { method: 'POST', path: CREATE_ORDER, body: urlencoded(body.form!) };
  return { method: 'POST', path: CREATE_ORDER, body: formData(body.form!) };
}
