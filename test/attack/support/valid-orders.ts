import fc from 'fast-check';
import { BTC, PAYEE, USDT } from '../../support/fixtures.js';
import { isHttpUrl } from './bad-fields.js';
import { allText, asNumber, withField, validFields, type Carried, type Encoding } from './order-wire.js';

/*
 * Valid create_order requests within the mock wallet's limits (USDT 0.1-500, BTC 0.00001-0.01),
 * in any encoding, with the optional forms the protocol allows: an amount or expired_at as a JSON
 * number, a payee_id without dashes or in upper case, any memo up to 200 characters.
 */

export interface ValidOrder {
  readonly amount: string;
  readonly encoding: Encoding;
  /** The body for a trace id of the caller's (a fresh one each run, so a replay during shrinking is a new order too). */
  body(traceId: string): Carried;
}

const LIMITS = { [USDT]: [10_000_000n, 50_000_000_000n], [BTC]: [1_000n, 1_000_000n] } as const;

/** 1e-8 units as plain decimal text, trailing zeros dropped or kept. */
function decimalText(units: bigint, keepZeros: boolean): string {
  const s = units.toString().padStart(9, '0');
  const text = `${s.slice(0, -8)}.${s.slice(-8)}`;
  return keepZeros ? text : text.replace(/\.?0+$/, '');
}

export function validOrders(nowSeconds: number): fc.Arbitrary<ValidOrder> {
  return fc
    .record({
      asset: fc.constantFrom(USDT, BTC),
      unitsFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      keepZeros: fc.boolean(),
      amountAsNumber: fc.boolean(),
      lifetime: fc.integer({ min: 120, max: 86_400 - 600 }),
      expiryAsNumber: fc.boolean(),
      payee: fc.constantFrom(PAYEE, PAYEE.toUpperCase(), PAYEE.replaceAll('-', ''), PAYEE.replaceAll('-', '').toUpperCase()),
      memo: fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
        .filter((m) => [...m].length <= 200 && !m.includes('mock:') && !/[\r\n]/.test(m)),
      returnUrl: fc
        .webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true })
        .filter((u) => isHttpUrl(u, ['https:'])),
      encoding: fc.constantFrom<Encoding>('json', 'urlencoded', 'multipart'),
    })
    .map((r) => {
      const [min, max] = LIMITS[r.asset]!;
      const units = min + BigInt(Math.floor(Number(max - min) * r.unitsFraction));
      const amount = decimalText(units, r.keepZeros);
      const body = (traceId: string): Carried => {
        const fields = validFields(traceId, {
          payee_id: r.payee,
          asset_id: r.asset,
          amount,
          memo: r.memo,
          expired_at: String(nowSeconds + r.lifetime),
          return_url: r.returnUrl,
        });
        let carried = allText(fields);
        if (r.encoding === 'json' && r.amountAsNumber) carried = withField(fields, 'amount', asNumber('amount', amount));
        if (r.encoding === 'json' && r.expiryAsNumber) {
          const expiry = asNumber('expired_at', fields.expired_at).json![0]!;
          carried = { json: carried.json!.map((m) => (m[0] === 'expired_at' ? expiry : m)), form: carried.form };
        }
        return carried;
      };
      return { amount, encoding: r.encoding, body };
    });
}
