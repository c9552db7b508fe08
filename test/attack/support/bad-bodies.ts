import fc from 'fast-check';
import { FIELDS, CREATE_ORDER, allText, formData, jsonText, validFields, withField, type Field, type Pair } from './order-wire.js';
import { brokenFields } from './bad-fields.js';
import { names, namesFirst, type Expectation, type WireRequest } from './probe.js';

/*
 * create_order bodies broken as a whole: not an object, not JSON, a key twice with two values,
 * nested deeper than anyone needs; JSON under other JSON media types; multipart with a file part.
 */

export interface BadBody {
  readonly label: string;
  /** Built from the run's trace id, so a stray order would be findable. */
  readonly request: (traceId: string) => WireRequest;
  readonly expect: Expectation;
}

const json = (text: string, contentType = 'application/json'): WireRequest => ({
  method: 'POST',
  path: CREATE_ORDER,
  body: text,
  contentType,
});
const validJson = (traceId: string) => jsonText(allText(validFields(traceId)).json!);
/** A body that is no object is read as one without any field, or refused as a body. */
const NO_OBJECT = namesFirst('body', 'payee_id');

/** Another valid value for each field, so a duplicated key is ambiguous rather than merely bad. */
const OTHER_VALUE: Record<Field, string> = {
  payee_id: '3539C3CE52C04B0B9573C035ECB98D48',
  wallet: 'mock',
  asset_id: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
  amount: '11',
  trace_id: '5b1f3e2a-6c4d-4e8f-9a0b-1c2d3e4f5a6b',
  memo: 'b3RoZXI=',
  expired_at: String(Math.floor(Date.now() / 1000) + 1800),
  return_url: 'https://mixpay.me/other',
  opponent_id: '7e2d9c4b-1a3f-4b6e-8d5c-2f1e0a9b8c7d',
};

/** The valid body with `field` also sent a second time with another value, before or after the first. */
export function duplicatedKey(traceId: string, field: Field, other: string, before: boolean): string {
  const members: Pair[] = [...allText(validFields(traceId)).json!];
  const at = members.findIndex(([k]) => k === field);
  members.splice(before ? at : at + 1, 0, [field, JSON.stringify(other)]);
  return jsonText(members);
}

const duplicates = fc
  .tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.constant(null), fc.string({ maxLength: 20 })), fc.boolean())
  .map(([field, garbage, before]): BadBody => ({
    label: `${field} twice, ${before ? 'first' : 'then'} ${JSON.stringify(garbage ?? OTHER_VALUE[field])}`,
    request: (traceId) => {
      const other = garbage ?? OTHER_VALUE[field];
      const first = validFields(traceId)[field];
      // Same text twice is no ambiguity; make the second one differ.
      return json(duplicatedKey(traceId, field, other === first ? `${other}x` : other, before));
    },
    expect: names('body'),
  }));

const notAnObject = fc
  .oneof(
    fc
      .jsonValue({ maxDepth: 3 })
      .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
      .map((v) => JSON.stringify(v)),
    fc.constantFrom('""', '0', 'null', 'true', '[]', '[{}]'),
  )
  .map((text): BadBody => ({ label: `body ${text.slice(0, 40)}`, request: () => json(text), expect: NO_OBJECT }));

const arrayOfOrder: BadBody = { label: 'the order inside an array', request: (t) => json(`[${validJson(t)}]`), expect: NO_OBJECT };

/** Texts that are not JSON: a valid body cut short, JavaScript-isms, trailing garbage, random text. */
const notJson = fc.oneof(
  fc.nat().map((n): BadBody => ({
    label: `body cut short (${n})`,
    request: (t) => {
      const text = validJson(t);
      return json(text.slice(0, 1 + (n % (text.length - 1))));
    },
    expect: names('body'),
  })),
  fc
    .constantFrom<[string, (s: string) => string]>(
      ['trailing comma', (s) => s.replace(/}$/, ',}')],
      ['single quotes', (s) => s.replaceAll('"', "'")],
      ['a comment', (s) => s.replace('{', '{/* c */')],
      ['unquoted key', (s) => s.replace('"payee_id"', 'payee_id')],
      ['NaN literal', (s) => s.replace(/}$/, ',"x":NaN}')],
      ['trailing garbage', (s) => `${s}x`],
      ['two objects', (s) => `${s}${s}`],
      ['a raw newline in a string', (s) => s.replace('"mock"', '"mo\nck"')],
      ['a bad escape', (s) => s.replace('"mock"', '"mo\\qck"')],
      ['a lone surrogate escape in a key', (s) => s.replace('"memo"', '"me\\ud800mo"')],
    )
    .map(([label, mangle]): BadBody => ({
      label,
      request: (t) => json(mangle(validJson(t))),
      expect: label.startsWith('a lone') ? names('memo', 'body') : names('body'),
    })),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 60 })
    .filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return s.trim() !== '';
      }
    })
    .map((s): BadBody => ({ label: `random text ${JSON.stringify(s)}`, request: () => json(s), expect: names('body') })),
  fc
    .constantFrom(' ', '\n', '\t\r\n')
    .map((s): BadBody => ({ label: `whitespace only ${JSON.stringify(s)}`, request: () => json(s), expect: names('body') })),
);

/** One field's value nested `depth` arrays or objects deep, or the whole body so nested. */
const deep = fc
  .tuple(fc.constantFrom(...FIELDS), fc.integer({ min: 1, max: 12_000 }), fc.constantFrom('array', 'object'), fc.boolean())
  .map(([field, depth, kind, wholeBody]): BadBody => {
    const open = kind === 'array' ? '[' : '{"a":';
    const close = kind === 'array' ? ']' : '}';
    const nest = (inner: string) => open.repeat(depth) + inner + close.repeat(depth);
    return wholeBody
      ? { label: `body nested ${depth} deep`, request: (t) => json(nest(validJson(t))), expect: NO_OBJECT }
      : {
          label: `${field} nested ${depth} deep`,
          request: (t) => json(jsonText(withField(validFields(t), field, { json: [[field, nest('"x"')]], form: null }).json!)),
          expect: names(field, 'body'),
        };
  });

/** fast-check prints a counterexample by its label and expectation, not the source of `request`. */
const printable = (b: BadBody): BadBody =>
  Object.assign({ ...b }, { [fc.toStringMethod]: () => `${b.label} (expects ${JSON.stringify(b.expect)})` });

/** Bodies that are broken as a whole, as application/json. */
export const badJsonBodies: fc.Arbitrary<BadBody> = fc
  .oneof(duplicates, notAnObject, fc.constant(arrayOfOrder), notJson, deep)
  .map(printable);

/** JSON media types other than application/json: structured-syntax +json types, with parameters and in any case. */
export const otherJsonMediaTypes: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(
        'application/vnd.api+json',
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/ld+json',
        'application/problem+json',
        'application/scim+json',
        'application/geo+json',
        'application/activity+json',
      ),
      fc.stringMatching(/^application\/vnd\.[a-z]{1,8}(\.[a-z]{1,8})?\+json$/),
    ),
    fc.constantFrom('', '; charset=utf-8', ';charset=UTF-8', '; profile="https://example.com/p"'),
    fc.boolean(),
  )
  .map(([type, params, upper]) => (upper ? type.toUpperCase() : type) + params);

/** Under another JSON media type: a key twice with two values, or one broken field. */
export function badBodiesUnderMediaType(nowSeconds: number): fc.Arbitrary<{ mediaType: string; body: BadBody }> {
  const broken = brokenFields(nowSeconds)
    .filter((b) => b.carried.json !== null)
    .map((b): BadBody => ({
      label: `${b.field} as ${JSON.stringify(b.carried.json).slice(0, 200)}`,
      request: (t) => json(jsonText(withField(validFields(t), b.field, b.carried).json!)),
      expect: b.expect.code === 11000 ? names(b.field, 'body') : b.expect,
    }));
  return fc.record({ mediaType: otherJsonMediaTypes, body: fc.oneof(duplicates, broken).map(printable) });
}

export interface FilePart {
  readonly name: string;
  readonly filename: string;
  readonly type: string;
  readonly content: Uint8Array;
  /** Sent instead of the field of that name, or besides all the fields. */
  readonly replaces: boolean;
}

export const fileParts: fc.Arbitrary<FilePart> = fc.record({
  name: fc.oneof(fc.constantFrom(...FIELDS), fc.stringMatching(/^[a-z_]{1,12}$/)),
  filename: fc.oneof(fc.constantFrom('a.txt', 'order.json', '../../etc/passwd', 'x.png'), fc.string({ minLength: 1, maxLength: 20 })),
  type: fc.constantFrom('text/plain', 'application/octet-stream', 'application/json', 'image/png'),
  content: fc.uint8Array({ maxLength: 2048 }),
  replaces: fc.boolean(),
});

/** A multipart create_order with a valid set of fields and one file part. */
export function withFilePart(traceId: string, part: FilePart): WireRequest {
  const fields = validFields(traceId);
  const fd = formData(FIELDS.filter((f) => !(part.replaces && f === part.name)).map((f) => [f, fields[f]] as const));
  fd.append(part.name, new Blob([part.content], { type: part.type }), part.filename);
  return { method: 'POST', path: CREATE_ORDER, body: fd };
}
