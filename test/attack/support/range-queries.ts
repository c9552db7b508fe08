import fc from 'fast-check';
import { PAYEE } from '../../support/fixtures.js';
import { couldBeValid } from './bad-fields.js';
import { names, noPermission, type Expectation, type WireRequest } from './probe.js';

/*
 * assets/range query strings: the two parameters percent-encoded in any legal way, one of them
 * broken (missing, empty, repeated, NUL, not a UUID, too long, a bad escape), or a well-formed
 * wallet that does not exist (an empty list, not an error), with unknown parameters around them.
 */

export type RangeOutcome = { kind: 'refused'; expect: Expectation } | { kind: 'rows' } | { kind: 'no rows' };

export interface RangeCase {
  readonly label: string;
  /** The query string as sent, without the "?". */
  readonly query: string;
  readonly outcome: RangeOutcome;
}

const UNRESERVED = /^[A-Za-z0-9_.~-]$/;

/** Percent-encodes what must be, and each other character where the mask says so (in either case of hex digit). */
function encode(text: string, mask: readonly boolean[]): string {
  return [...text]
    .map((ch, i) => {
      const must = !UNRESERVED.test(ch);
      if (!must && !mask[i % Math.max(1, mask.length)]) return ch;
      const e = encodeURIComponent(ch).replace(/^[^%]/, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
      return i % 2 === 0 ? e.toUpperCase() : e.toLowerCase();
    })
    .join('');
}

const mask = fc.array(fc.boolean(), { minLength: 1, maxLength: 8 });
const segment = (key: string, value: string) => mask.chain((km) => mask.map((vm) => `${encode(key, km)}=${encode(value, vm)}`));
const VALID_PAYEES = [PAYEE, PAYEE.toUpperCase(), PAYEE.replaceAll('-', '')];

/** A query parameter's pieces: zero or more encoded segments. */
type Param = fc.Arbitrary<string[]>;
const once = (key: string, value: fc.Arbitrary<string>): Param => value.chain((v) => segment(key, v)).map((s) => [s]);
const validPayee = once('payee_id', fc.constantFrom(...VALID_PAYEES));
const validWallet = once('wallet', fc.constant('mock'));

/** A broken value of the parameter: absent, empty, twice, with NUL, garbage, too long, raw bad escapes. */
function broken(key: 'payee_id' | 'wallet', valid: string): Param {
  const bad = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.nat(valid.length).map((i) => `${valid.slice(0, i)}\u0000${valid.slice(i)}`),
    fc.integer({ min: 21, max: 5000 }).map((n) => valid + 'x'.repeat(n)),
    fc.constantFrom('', ' ', `${valid} `, `{${valid}}`),
  );
  const wrong =
    key === 'payee_id'
      ? bad.filter((v) => !couldBeValid.payee_id(v))
      : bad.filter((v) => v === '' || v.includes('\u0000') || v.length > 20);
  return fc.oneof<fc.Arbitrary<string[]>[]>(
    fc.constant([]),
    fc.constant([`${key}=`]),
    fc.constant([String(key)]),
    wrong.chain((v) => segment(key, v)).map((s) => [s]),
    fc.tuple(segment(key, valid), segment(key, valid)).map(([a, b]) => [a, b]),
    ...(key === 'payee_id'
      ? [fc.constantFrom('%zz', '%', '%E0%A4', '%ED%A0%80', '%C0%AF', '%u0041').map((raw) => [`${key}=${raw}${valid.slice(4)}`])]
      : []),
    fc.constant([`${key}%5B%5D=${valid}`]),
  );
}

const unknownParams = fc
  .array(fc.tuple(fc.stringMatching(/^x_[a-z]{1,8}$/), fc.string({ maxLength: 10 })), { maxLength: 3 })
  .chain((pairs) => (pairs.length === 0 ? fc.constant<string[]>([]) : fc.tuple(...pairs.map(([k, v]) => segment(k, v)))));

function rangeCase(label: string, params: Param[], outcome: RangeOutcome): fc.Arbitrary<RangeCase> {
  return fc
    .tuple(fc.tuple(...params), unknownParams, fc.boolean(), fc.constantFrom('&', '&&'), fc.constantFrom('', '&'), fc.constantFrom('', '&'))
    .map(([parts, extra, extraFirst, sep, prefix, suffix]) => {
      const segments = extraFirst ? [...extra, ...parts.flat()] : [...parts.flat(), ...extra];
      return { label, query: prefix + segments.join(sep) + suffix, outcome };
    });
}

export const rangeCases: fc.Arbitrary<RangeCase> = fc.oneof(
  rangeCase('valid, encoded any legal way', [validPayee, validWallet], { kind: 'rows' }),
  rangeCase('broken payee_id', [broken('payee_id', PAYEE), validWallet], { kind: 'refused', expect: names('payee_id') }),
  rangeCase('broken wallet', [validPayee, broken('wallet', 'mock')], { kind: 'refused', expect: names('wallet') }),
  rangeCase(
    'a payee the wallet does not serve',
    [
      once(
        'payee_id',
        fc.uuid().filter((u) => u.replaceAll('-', '').toLowerCase() !== PAYEE.replaceAll('-', '')),
      ),
      validWallet,
    ],
    { kind: 'refused', expect: noPermission },
  ),
  rangeCase(
    'a well-formed wallet that does not exist or is off',
    [
      validPayee,
      once(
        'wallet',
        fc.oneof(
          fc.constant('mock_off'),
          fc.stringMatching(/^[a-z0-9_-]{1,20}$/).filter((w) => w !== 'mock'),
        ),
      ),
    ],
    { kind: 'no rows' },
  ),
);

export function rangeRequest(c: RangeCase): WireRequest {
  return { method: 'GET', path: `/mixpay/assets/range?${c.query}` };
}
