import fc from 'fast-check';
import { BTC, PAYEE, USDT } from '../../support/fixtures.js';
import { absent, asNumber, asRawJson, asText, validFields, type Carried, type Field } from './order-wire.js';
import { names, noPermission, type Expectation } from './probe.js';

/*
 * One create_order field broken in one of many ways, with the answer the broker owes: 11000
 * naming that field (11001 for a well-formed payee the wallet does not serve). Generic breakages
 * apply to every field; each field adds its own. A generated text that could be a valid value of
 * the field today is dropped, so every input is a bad one.
 */

export interface BrokenField {
  readonly field: Field;
  readonly carried: Carried;
  readonly expect: Expectation;
}

const DASHED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX32 = /^[0-9a-fA-F]{32}$/;
const sameUuid = (a: string, b: string) => a.replaceAll('-', '').toLowerCase() === b.replaceAll('-', '').toLowerCase();

export function isHttpUrl(v: string, schemes: readonly string[] = ['http:', 'https:']): boolean {
  if (v.length > 200 || v.includes('\u0000')) return false;
  try {
    return schemes.includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

/** Whether a text could pass the field's rule today (errs towards yes). */
export const couldBeValid: Record<Field, (v: string) => boolean> = {
  payee_id: (v) => DASHED.test(v) || HEX32.test(v),
  wallet: (v) => v === 'mock',
  asset_id: (v) => DASHED.test(v),
  amount: (v) => /^\d+(\.\d+)?$/.test(v),
  trace_id: (v) => DASHED.test(v),
  memo: (v) => v !== '' && !v.includes('\u0000') && [...v].length <= 200,
  expired_at: (v) => /^\d+$/.test(v),
  return_url: (v) => isHttpUrl(v),
  opponent_id: (v) => DASHED.test(v),
};

/** Fields whose valid values tolerate stray characters (memo takes any text), so garbage texts would rarely be bad. */
const TAKES_ANY_TEXT: ReadonlySet<Field> = new Set(['memo']);
/** URLs map look-alike letters (IDNA) and percent-encode them in paths: such a URL stays valid. */
const MAPS_LOOK_ALIKES: ReadonlySet<Field> = new Set(['memo', 'return_url']);

const SAMPLE = validFields('0f6a3c1e-9d2b-4c57-8e14-6b3f2a9d7c05');

const CONTROL = fc.oneof(
  fc.integer({ min: 1, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u007f', '\u0085', '\u200b', '\u200e', '\u202e', '\u2028', '\ufeff', '\ufffd'),
);
const PADDING = fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\ufeff');
const LOOK_ALIKES: Record<string, string> = {
  '0': '\uff10',
  '1': '\u0661',
  '3': '\uff13',
  a: '\u0430',
  c: '\u0441',
  e: '\u0435',
  o: '\u043e',
  '-': '\u2010',
  '.': '\uff0e',
  m: '\uff4d',
};
const GARBAGE = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: CONTROL, minLength: 1, maxLength: 8 }),
);
const NUMBER_TEXT = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom('1e308', '-1e308', '1e999', '-0', '123456789012345678901234567890', '0.1', '5e-324'),
);

const insertAt = (s: string, i: number, piece: string) => s.slice(0, i) + piece + s.slice(i);

function lookAlike(v: string, i: number): string {
  const positions = [...v].map((ch, k) => (ch in LOOK_ALIKES ? k : -1)).filter((k) => k >= 0);
  if (positions.length === 0) return `${v}\u0301`;
  const chars = [...v];
  const k = positions[i % positions.length]!;
  chars[k] = LOOK_ALIKES[chars[k]!]!;
  return chars.join('');
}

/** The breakages every field shares. */
function generic(field: Field): fc.Arbitrary<BrokenField>[] {
  const valid = SAMPLE[field];
  const bad = (carried: Carried): BrokenField => ({ field, carried, expect: names(field) });
  const badText = (texts: fc.Arbitrary<string>) => texts.filter((s) => !couldBeValid[field](s)).map((s) => bad(asText(field, s)));
  const kinds: fc.Arbitrary<BrokenField>[] = [
    fc.constant(bad(absent)),
    fc.constant(bad(asText(field, ''))),
    fc
      .constantFrom('null', 'true', 'false', '{}', '[]', '[[]]', JSON.stringify([valid]), JSON.stringify({ value: valid }))
      .map((raw) => bad(asRawJson(field, raw))),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }).map((a) => bad(asRawJson(field, JSON.stringify(a)))),
    fc
      .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
      .map((o) => bad(asRawJson(field, JSON.stringify(o)))),
    // Sent twice (a JSON array of both), or as a qs-style nested key in the forms.
    fc.oneof(fc.constant(valid), fc.string({ maxLength: 12 })).map((other) =>
      bad({
        json: [[field, JSON.stringify([valid, other])]],
        form: [
          [field, valid],
          [field, other],
        ],
      }),
    ),
    fc
      .stringMatching(/^[a-z0-9]{0,5}$/)
      .map((k) => bad({ json: [[field, JSON.stringify({ [k]: valid })]], form: [[`${field}[${k}]`, valid]] })),
    fc.nat(valid.length).map((i) => bad(asText(field, insertAt(valid, i, '\u0000')))),
    // Far beyond any field's limit, still well under the 1 MB body cap.
    fc
      .tuple(fc.integer({ min: 201, max: 20_000 }), fc.constantFrom('x', '9', 'é', '🧾', '\u0001', ' '))
      .map(([n, c]) => bad(asText(field, valid + c.repeat(n)))),
  ];
  if (field !== 'amount' && field !== 'expired_at') kinds.push(NUMBER_TEXT.map((n) => bad(asRawJson(field, n))));
  if (!TAKES_ANY_TEXT.has(field)) {
    kinds.push(
      badText(fc.tuple(fc.nat(valid.length), CONTROL).map(([i, c]) => insertAt(valid, i, c))),
      badText(
        fc
          .tuple(PADDING, fc.constantFrom('before', 'after', 'both'))
          .map(([p, where]) => (where === 'after' ? '' : p) + valid + (where === 'before' ? '' : p)),
      ),
      badText(GARBAGE),
    );
  }
  if (!MAPS_LOOK_ALIKES.has(field)) kinds.push(badText(fc.nat().map((i) => lookAlike(valid, i))));
  return kinds;
}

/** Almost-UUIDs: braces, URN, a digit short or long, a non-hex digit, dashes moved or missing. */
function uuidVariants(u: string): fc.Arbitrary<string> {
  const hex = u.replaceAll('-', '');
  return fc.oneof(
    fc.constantFrom(
      `{${u}}`,
      `urn:uuid:${u}`,
      u.slice(0, -1),
      `${u}0`,
      `${u}-`,
      `-${u}`,
      hex.slice(1),
      `${hex}0`,
      u.replaceAll('-', '_'),
      u.replaceAll('-', ' '),
      `${u.slice(0, 9)}${u.slice(10)}`,
      `${u.slice(0, 8)}${u.slice(9, 10)}-${u.slice(10)}`,
    ),
    fc.tuple(fc.nat(u.length - 1), fc.constantFrom('g', 'z', 'G', 'x', '!', '-', '%')).map(([i, c]) => u.slice(0, i) + c + u.slice(i + 1)),
    fc.stringMatching(/^[0-9a-f]{1,31}$|^[0-9a-f]{33,64}$/),
  );
}

const uuidKinds = (field: Field, variantsOf: string) => [
  uuidVariants(variantsOf)
    .filter((s) => !couldBeValid[field](s))
    .map((s) => ({ field, carried: asText(field, s), expect: names(field) })),
];

/** Plain decimals a digit too precise, signed, in exponent or another base, zero, or outside the mock's 0.1-500 USDT. */
function badAmounts(): fc.Arbitrary<Carried>[] {
  const f = 'amount';
  const textOrNumber = (s: fc.Arbitrary<string>) => s.chain((t) => fc.constantFrom(asText(f, t), asNumber(f, t)));
  const int = fc.bigInt({ min: 0n, max: 10n ** 12n }).map(String);
  return [
    textOrNumber(fc.tuple(int, fc.stringMatching(/^[0-9]{9,30}$/)).map(([i, d]) => `${i}.${d}`)),
    textOrNumber(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.stringMatching(/^[0-9]{0,8}$/)).map(([i, d]) => `-${i}${d ? `.${d}` : ''}`)),
    textOrNumber(
      fc
        .tuple(fc.integer({ min: 1, max: 99 }), fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.integer({ min: 0, max: 400 }))
        .map(([m, e, x]) => `${m}${e}${x}`),
    ),
    textOrNumber(fc.constantFrom('0', '0.0', '0.00000000', '-0', '1e308', '-1e308', '0e5', '1.0e1')),
    // Below the minimum 0.1 and above the maximum 500, with at most 8 decimals.
    textOrNumber(fc.integer({ min: 1, max: 9_999_999 }).map((k) => `0.${String(k).padStart(8, '0')}`)),
    textOrNumber(
      fc.tuple(fc.bigInt({ min: 501n, max: 10n ** 30n }), fc.stringMatching(/^[0-9]{0,8}$/)).map(([i, d]) => `${i}${d ? `.${d}` : ''}`),
    ),
    textOrNumber(fc.constantFrom('500.00000001', '500.1', '0.09999999', '0.00000001')),
    fc
      .constantFrom(
        '0x10',
        '0o7',
        '0b1',
        '1_000',
        '1,5',
        '+10',
        '.5',
        '5.',
        '010',
        '00.1',
        '\u0661\u0660',
        '\uff11\uff10',
        'Infinity',
        '-Infinity',
        'NaN',
        '1/2',
        '10%',
        '$10',
        '10 USDT',
        '1.2.3',
        '١٢',
      )
      .map((t) => asText(f, t)),
  ];
}

/** Unix seconds in the past, in milliseconds, too long, fractional, signed, in another notation. */
function badExpiries(nowSeconds: number): fc.Arbitrary<Carried>[] {
  const f = 'expired_at';
  const textOrNumber = (s: fc.Arbitrary<string>) => s.chain((t) => fc.constantFrom(asText(f, t), asNumber(f, t)));
  const soon = nowSeconds + 900;
  return [
    textOrNumber(fc.integer({ min: 0, max: nowSeconds - 5 }).map(String)),
    textOrNumber(fc.integer({ min: 100_000_000_000, max: 999_999_999_999_999 }).map(String)),
    textOrNumber(fc.integer({ min: 0, max: 86_400_000 }).map((ms) => String(Date.now() + ms))),
    textOrNumber(fc.stringMatching(/^[1-9][0-9]{15,40}$/)),
    textOrNumber(fc.stringMatching(/^[0-9]{1,6}$/).map((d) => `${soon}.${d}`)),
    textOrNumber(fc.constantFrom(`-${soon}`, '2e9', '1.8e9', `${soon}e0`, '1e308', '-1', '-0', `${soon}.0`)),
    fc
      .constantFrom(
        `0x${soon.toString(16)}`,
        new Date(soon * 1000).toISOString(),
        'tomorrow',
        ` ${soon}`,
        `${soon} `,
        `+${soon}`,
        `${soon}s`,
        '\u0661\u0662\u0663',
        '\uff11\uff18\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10',
      )
      .map((t) => asText(f, t)),
    fc
      .double({ noNaN: true })
      .filter((d) => !Number.isInteger(d) || Math.abs(d) >= 1e21 || d < 0)
      .map((d) => asNumber(f, Number.isFinite(d) ? JSON.stringify(d) : d > 0 ? '1e999' : '-1e999')),
  ];
}

const OTHER_SCHEMES = fc.oneof(
  fc.constantFrom(
    'ftp',
    'javascript',
    'data',
    'file',
    'mailto',
    'ws',
    'wss',
    'gopher',
    'blob',
    'about',
    'tel',
    'vbscript',
    'intent',
    'mixpay',
    'chrome-extension',
    'itms-services',
    'ssh',
    'JavaScript',
    'HTTPX',
    'http+unix',
  ),
  fc.stringMatching(/^[a-z][a-z0-9+.-]{0,8}$/),
);

/** return_url values refused today: other schemes, no scheme, malformed, over 200 characters. */
function badReturnUrls(): fc.Arbitrary<string>[] {
  return [
    fc
      .tuple(
        OTHER_SCHEMES,
        fc.constantFrom(
          '//mixpay.me/pay/result',
          'alert(document.cookie)',
          '//evil.example/',
          'text/html;base64,PHNjcmlwdD4=',
          '',
          '///etc/passwd',
        ),
      )
      .map(([s, rest]) => `${s}:${rest}`),
    fc.constantFrom(
      'mixpay.me/pay',
      '//mixpay.me/pay',
      '/pay/result',
      'pay',
      '?x=1',
      '#f',
      'www.mixpay.me',
      'https:',
      'https://',
      'https:///',
      'https://exa mple.com/',
      'https://[::1',
      'https://%zz/',
      'https://a:99999/',
      'https://a b@c/',
      '\\\\server\\share',
    ),
    fc.integer({ min: 201, max: 4000 }).map((n) => `https://mixpay.me/${'r'.repeat(n - 'https://mixpay.me/'.length)}`),
    fc.webUrl({ validSchemes: ['ftp', 'ws', 'wss', 'file', 'sftp'] }),
  ].map((a) => a.filter((s) => !couldBeValid.return_url(s)));
}

function badMemos(): fc.Arbitrary<string>[] {
  return [
    fc.string({ unit: 'binary', minLength: 201, maxLength: 1000 }),
    fc.constantFrom('m'.repeat(201), '🧾'.repeat(201), `${'e\u0301'.repeat(100)}x`),
  ];
}

function badWallets(): fc.Arbitrary<string>[] {
  return [
    fc.constantFrom(
      'mock_off',
      'MOCK',
      'Mock',
      'mock ',
      ' mock',
      'mock\u200b',
      'mock/../mock',
      'mock%00',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'prototype',
      '*',
      '.',
      '..',
    ),
    fc.stringMatching(/^[a-z0-9_-]{1,20}$/).filter((w) => w !== 'mock'),
    fc.string({ minLength: 21, maxLength: 200 }),
  ];
}

/** Every field broken in some way (each field about equally often). */
export function brokenFields(nowSeconds: number): fc.Arbitrary<BrokenField> {
  const texts = (field: Field, arbs: fc.Arbitrary<string>[]) =>
    arbs.map((a) => a.map((s): BrokenField => ({ field, carried: asText(field, s), expect: names(field) })));
  const carried = (field: Field, arbs: fc.Arbitrary<Carried>[]) =>
    arbs.map((a) => a.map((c): BrokenField => ({ field, carried: c, expect: names(field) })));
  const specific: Record<Field, fc.Arbitrary<BrokenField>[]> = {
    payee_id: [
      ...uuidKinds('payee_id', PAYEE),
      fc
        .uuid()
        .filter((u) => !sameUuid(u, PAYEE))
        .chain((u) => fc.constantFrom(u, u.toUpperCase(), u.replaceAll('-', ''), u.replaceAll('-', '').toUpperCase()))
        .map((u): BrokenField => ({ field: 'payee_id', carried: asText('payee_id', u), expect: noPermission })),
    ],
    wallet: texts('wallet', badWallets()),
    asset_id: [
      ...uuidKinds('asset_id', USDT),
      ...texts('asset_id', [fc.uuid().filter((u) => !sameUuid(u, USDT) && !sameUuid(u, BTC)), fc.constant(USDT.replaceAll('-', ''))]),
    ],
    amount: carried('amount', badAmounts()),
    trace_id: uuidKinds('trace_id', SAMPLE.trace_id),
    memo: texts('memo', badMemos()),
    expired_at: carried('expired_at', badExpiries(nowSeconds)),
    return_url: texts('return_url', badReturnUrls()),
    opponent_id: uuidKinds('opponent_id', SAMPLE.opponent_id),
  };
  const fields = Object.keys(specific) as Field[];
  return fc.oneof(...fields.map((f) => fc.oneof(...generic(f), ...specific[f])));
}

/** expired_at beyond the default order lifetime cap (86,400 s), but in seconds and not milliseconds. */
export function expiriesTooFar(nowSeconds: number): fc.Arbitrary<BrokenField> {
  const f = 'expired_at';
  const earliest = nowSeconds + 86_400 + 600; // clear of the cap however long the run takes
  return fc
    .oneof(
      fc.integer({ min: earliest, max: 99_999_999_999 }),
      fc.constantFrom(earliest, nowSeconds + 2 * 86_400, nowSeconds + 365 * 86_400, 99_999_999_999),
    )
    .chain((s) => fc.constantFrom(asText(f, String(s)), asNumber(f, String(s))))
    .map((c) => ({ field: f, carried: c, expect: names(f) }));
}

/** return_url over plain http, which the https-by-default policy (mixpay.returnUrl.allowHttp: false) refuses. */
export function plainHttpReturnUrls(): fc.Arbitrary<BrokenField> {
  return fc
    .oneof(
      fc.webUrl({ validSchemes: ['http'], withQueryParameters: true, withFragments: true }),
      fc.constantFrom(
        'http://mixpay.me/pay/result',
        'HTTP://mixpay.me/pay/result',
        'http://127.0.0.1:8080/',
        'http://localhost/return',
        'Http://[::1]/x',
      ),
    )
    .filter((u) => isHttpUrl(u, ['http:']))
    .map((u) => ({ field: 'return_url', carried: asText('return_url', u), expect: names('return_url') }));
}

/** https return_url values with a user name or password before the host (https://mixpay.me@evil.example/ deceives a reader). */
export function returnUrlsWithCredentials(): fc.Arbitrary<BrokenField> {
  const part = fc.stringMatching(/^[a-zA-Z0-9._~-]{1,12}$/);
  return fc
    .oneof(
      fc
        .tuple(part, fc.option(part), fc.domain(), fc.webPath())
        .map(([user, pass, host, path]) => `https://${user}${pass === null ? '' : `:${pass}`}@${host}${path}`),
      fc.constantFrom('https://mixpay.me@evil.example/pay/result', 'https://user:secret@mixpay.me/pay/result', 'https://:@mixpay.me/'),
    )
    .filter((u) => isHttpUrl(u, ['https:']) && (new URL(u).username !== '' || new URL(u).password !== '' || u.includes('@')))
    .map((u) => ({ field: 'return_url', carried: asText('return_url', u), expect: names('return_url') }));
}
