import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, adminOrder } from '../support/admin-client.js';
import { expectCheckout, expectRefused } from '../support/envelope-assertions.js';
import { BTC, MIXPAY_BOT, PAYEE, USDT, mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import { createOrder, createOrderRaw, type Envelope } from '../support/mixpay-client.js';
import { formPairs, jsonWithRawField, multipartPairs, pairsOf, postCreateOrder } from '../support/mixpay-raw.js';
import { rangeMax } from '../support/range-helpers.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * create_order's field rules (protocol-decisions.md, "Field rules"). Each refused request must be
 * 11000 naming the field, and must change nothing: no order, no reservation, the same assets/range max.
 * The USDT balance (300) is below the wallet's max (500), so a stray reservation would show in max.
 */

const FIELDS = ['payee_id', 'wallet', 'asset_id', 'amount', 'trace_id', 'memo', 'expired_at', 'return_url', 'opponent_id'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const ONE_MB = 1024 * 1024;

interface BadCase {
  name: string;
  /** The field the message must name first ("body" for problems with the body as a whole). */
  field: string;
  /** Something else the message must say. */
  mentions?: RegExp;
  /** The request's trace_id when it is a valid one, so the test can check it was not stored. */
  traceId: string | null;
  send(base: string): Promise<{ status: number; body: Envelope }>;
}

const validTrace = (v: unknown): string | null => (typeof v === 'string' && UUID.test(v) ? v : null);

function json(name: string, field: string, overrides: Record<string, unknown>): BadCase {
  const body = orderRequest(overrides);
  return {
    name,
    field,
    traceId: validTrace(body.trace_id),
    send: (base) => postCreateOrder(base, JSON.stringify(body), 'application/json'),
  };
}

function without(field: string): BadCase {
  const body = orderRequest();
  delete body[field];
  return {
    name: `no ${field}`,
    field,
    traceId: validTrace(body.trace_id),
    send: (base) => postCreateOrder(base, JSON.stringify(body), 'application/json'),
  };
}

/** `field` written as raw JSON (a JSON number as typed, not as a string). */
function rawJson(name: string, field: string, rawValue: string): BadCase {
  const body = orderRequest();
  return { name, field, traceId: validTrace(body.trace_id), send: (base) => createOrderRaw(base, jsonWithRawField(body, field, rawValue)) };
}

/** A valid body with `field` sent twice, in a form encoding. */
function repeated(field: string, encoding: 'urlencoded' | 'multipart'): BadCase {
  const body = orderRequest();
  const pairs = [...pairsOf(body), [field, String(body[field])] as [string, string]];
  return {
    name: `${field} sent twice (${encoding})`,
    field,
    traceId: validTrace(body.trace_id),
    send: (base) => postCreateOrder(base, encoding === 'urlencoded' ? formPairs(pairs) : multipartPairs(pairs)),
  };
}

function bodyCase(
  name: string,
  mentions: RegExp,
  make: (body: Record<string, unknown>) => Parameters<typeof postCreateOrder>[1],
  contentType?: string,
): BadCase {
  const body = orderRequest();
  return {
    name,
    field: 'body',
    mentions,
    traceId: validTrace(body.trace_id),
    send: (base) => postCreateOrder(base, make(body), contentType),
  };
}

const huge = 'x'.repeat(ONE_MB + 16);

const BAD: BadCase[] = [
  ...FIELDS.map(without),

  // Wrong types: nothing is coerced.
  json('payee_id as a JSON number', 'payee_id', { payee_id: 353 }),
  json('asset_id as a JSON number', 'asset_id', { asset_id: 4 }),
  json('trace_id as a JSON number', 'trace_id', { trace_id: 12345 }),
  json('opponent_id as a JSON number', 'opponent_id', { opponent_id: 1 }),
  json('wallet as a JSON number', 'wallet', { wallet: 7 }),
  json('memo as a JSON number', 'memo', { memo: 42 }),
  json('expired_at as a JSON boolean', 'expired_at', { expired_at: true }),
  json('payee_id as an object', 'payee_id', { payee_id: { id: PAYEE } }),
  json('return_url as an object', 'return_url', { return_url: { href: 'https://mixpay.me/' } }),
  json('wallet as an array', 'wallet', { wallet: ['mock'] }),
  json('asset_id as an array', 'asset_id', { asset_id: [USDT] }),
  json('trace_id as an array', 'trace_id', { trace_id: [randomUUID()] }),
  json('memo as null', 'memo', { memo: null }),
  json('an empty memo', 'memo', { memo: '' }),
  repeated('amount', 'urlencoded'),
  repeated('trace_id', 'urlencoded'),
  repeated('amount', 'multipart'),
  repeated('payee_id', 'multipart'),

  // UUIDs.
  json('a payee_id that is not a UUID', 'payee_id', { payee_id: 'merchant-42' }),
  json('a payee_id of 31 hex digits', 'payee_id', { payee_id: PAYEE.replaceAll('-', '').slice(1) }),
  json('an asset_id one digit short', 'asset_id', { asset_id: USDT.slice(0, -1) }),
  json('a trace_id with a non-hex digit', 'trace_id', { trace_id: `${randomUUID().slice(0, -1)}z` }),
  json('a trace_id in braces', 'trace_id', { trace_id: `{${randomUUID()}}` }),
  json('an opponent_id of 32 hex digits (only payee_id may drop the dashes)', 'opponent_id', {
    opponent_id: MIXPAY_BOT.replaceAll('-', ''),
  }),

  // wallet.
  json('a wallet of 21 characters', 'wallet', { wallet: 'w'.repeat(21) }),
  json('an unknown wallet', 'wallet', { wallet: 'nosuchwallet' }),
  json('a disabled wallet', 'wallet', { wallet: 'mock_off' }),

  // amount: a plain decimal > 0 with at most 8 decimals, never rounded or coerced.
  ...['1e3', '-1', '0', '0.00000000', 'NaN', 'Infinity', '1.123456789', ' 1', '1 ', '0x10', '1,5', '+1', '.5', ''].map((a) =>
    json(`amount ${JSON.stringify(a)}`, 'amount', { amount: a }),
  ),
  json('amount as an object', 'amount', { amount: { value: '10' } }),
  json('amount as an array', 'amount', { amount: ['10'] }),
  rawJson('amount as the JSON number 1.123456789 (9 decimals)', 'amount', '1.123456789'),
  rawJson('amount as the JSON number 1e3', 'amount', '1e3'),
  rawJson('amount as the JSON number -1', 'amount', '-1'),
  rawJson('amount as the JSON number 0', 'amount', '0'),

  // memo.
  json('a memo of 201 characters', 'memo', { memo: 'm'.repeat(201) }),
  json('a memo containing a NUL character', 'memo', { memo: 'PM|a\u0000b' }),

  // expired_at: Unix seconds, in the future.
  json('expired_at in the past', 'expired_at', { expired_at: String(nowSeconds() - 60) }),
  json('expired_at in milliseconds', 'expired_at', { expired_at: String(Date.now() + 900_000) }),
  json('expired_at as a word', 'expired_at', { expired_at: 'tomorrow' }),
  json('expired_at with a fraction', 'expired_at', { expired_at: `${nowSeconds() + 900}.5` }),
  json('a negative expired_at', 'expired_at', { expired_at: '-1' }),
  rawJson('expired_at as a JSON number in exponent form', 'expired_at', '2e9'),

  // return_url: https (by default), at most 200 characters.
  json('a return_url with an ftp scheme', 'return_url', { return_url: 'ftp://mixpay.me/pay' }),
  json('a javascript: return_url', 'return_url', { return_url: 'javascript:alert(1)' }),
  json('a return_url without a scheme', 'return_url', { return_url: 'mixpay.me/pay' }),
  json('a return_url of 201 characters', 'return_url', {
    return_url: `https://mixpay.me/${'a'.repeat(201 - 'https://mixpay.me/'.length)}`,
  }),
  json('a return_url containing a NUL character', 'return_url', { return_url: 'https://mixpay.me/pay\u0000x' }),

  // The body as a whole.
  bodyCase('a body that is not valid JSON', /not valid JSON/, (b) => JSON.stringify(b).slice(0, -1), 'application/json'),
  bodyCase(
    'a JSON body with a duplicated key of different values',
    /not valid JSON/,
    (b) => JSON.stringify(b).replace('{', '{"amount":"11",'),
    'application/json',
  ),
  bodyCase('a JSON body over 1 MB', /1 MB/, (b) => JSON.stringify({ ...b, memo: huge }), 'application/json'),
  bodyCase('an urlencoded body over 1 MB', /1 MB/, (b) => formPairs(pairsOf({ ...b, memo: huge }))),
  bodyCase('a multipart body over 1 MB', /1 MB/, (b) => multipartPairs(pairsOf({ ...b, memo: huge }))),
];

describe('create_order: field rules', () => {
  let t: TestBroker;
  let db: TestDb;
  before(async () => {
    t = await startTestBroker({
      adminToken: ADMIN_TOKEN,
      config: testConfig({ usdtBalance: '300', wallets: { mock: mockWallet(), mock_off: mockWallet({ enabled: false }) } }),
    });
    db = await openTestDb();
  });
  after(async () => {
    await db?.close();
    await t?.close();
  });

  describe('a refused request', () => {
    for (const c of BAD) {
      it(`answers 11000 naming ${c.field} to ${c.name}`, async () => {
        const res = await c.send(t.url);
        expectRefused(res, 11000, c.field);
        if (c.mentions) expect(res.body.message).to.match(c.mentions);
      });
    }

    it('answers a JSON array body with 11000 naming the fields it lacks', async () => {
      const res = await createOrderRaw(t.url, JSON.stringify([orderRequest()]));
      expectRefused(res, 11000, 'payee_id');
      for (const f of FIELDS) expect(res.body.message).to.contain(f);
    });
  });

  describe('a refused request changes nothing', () => {
    for (const c of BAD) {
      it(`stores no order, reserves nothing and leaves max alone for ${c.name}`, async () => {
        const [orders, reservations, max] = [await db.count('orders'), await db.count('reservations'), await rangeMax(t.url, USDT)];
        expect(max).to.not.equal('none');
        const res = await c.send(t.url);
        expect(res.body.code).to.not.equal(0);
        if (c.traceId) expect((await adminOrder(t.url, c.traceId)).status, 'admin lookup of the trace_id').to.equal(404);
        expect(await db.count('orders'), 'orders').to.equal(orders);
        expect(await db.count('reservations'), 'reservations').to.equal(reservations);
        expect(await rangeMax(t.url, USDT), 'assets/range max').to.equal(max);
      });
    }
  });

  describe('accepted values', () => {
    it('accepts amount as the JSON number 12.5 and stores exactly 12.5', async () => {
      const body = orderRequest({ amount: 12.5 });
      expectCheckout(await createOrder(t.url, body));
      expect((await adminOrder(t.url, body.trace_id as string)).order?.amount).to.equal('12.50000000');
    });

    it('accepts amount as the string "12.5" and stores exactly 12.5', async () => {
      const body = orderRequest({ amount: '12.5' });
      expectCheckout(await createOrder(t.url, body));
      expect((await adminOrder(t.url, body.trace_id as string)).order?.amount).to.equal('12.50000000');
    });

    it('accepts a JSON number amount with 8 decimals without passing it through a float', async () => {
      const body = orderRequest();
      const res = await createOrderRaw(t.url, jsonWithRawField(body, 'amount', '0.30000001'));
      expectCheckout(res);
      expect((await adminOrder(t.url, body.trace_id as string)).order?.amount).to.equal('0.30000001');
    });

    it('accepts a memo of exactly 200 characters and stores all of it', async () => {
      const memo = `${'m'.repeat(199)}Z`;
      const body = orderRequest({ memo });
      expectCheckout(await createOrder(t.url, body));
      expect((await adminOrder(t.url, body.trace_id as string)).order?.memo).to.equal(memo);
    });

    for (const encoding of ['json', 'form', 'multipart'] as const) {
      it(`keeps a non-ASCII memo byte for byte (${encoding})`, async () => {
        const memo = ' Zahlung für Café ☕ 支付 🧾 e\u0301 + a&b=c ';
        const body = orderRequest({ memo });
        expectCheckout(await createOrder(t.url, body, encoding));
        const stored = (await adminOrder(t.url, body.trace_id as string)).order?.memo ?? '';
        expect(Buffer.from(stored, 'utf8').equals(Buffer.from(memo, 'utf8')), `stored ${JSON.stringify(stored)}`).to.equal(true);
      });
    }

    it('accepts expired_at as a JSON number of seconds', async () => {
      const seconds = nowSeconds() + 600;
      const body = orderRequest();
      expectCheckout(await createOrderRaw(t.url, jsonWithRawField(body, 'expired_at', String(seconds))));
      expect((await adminOrder(t.url, body.trace_id as string)).order?.expired_at).to.equal(new Date(seconds * 1000).toISOString());
    });

    it('accepts a payee_id of 32 hex digits and stores it in the dashed lower-case form', async () => {
      const body = orderRequest({ payee_id: PAYEE.replaceAll('-', '').toUpperCase() });
      expectCheckout(await createOrder(t.url, body));
      expect((await adminOrder(t.url, body.trace_id as string)).order?.payee_id).to.equal(PAYEE);
    });

    it('accepts an https return_url of exactly 200 characters', async () => {
      const returnUrl = `https://mixpay.me/${'r'.repeat(200 - 'https://mixpay.me/'.length)}`;
      const body = orderRequest({ return_url: returnUrl });
      expectCheckout(await createOrder(t.url, body));
      expect((await adminOrder(t.url, body.trace_id as string)).order?.return_url).to.equal(returnUrl);
    });

    it('accepts an order for another offered asset', async () => {
      const body = orderRequest({ asset_id: BTC, amount: '0.001' });
      expectCheckout(await createOrder(t.url, body));
      expect((await adminOrder(t.url, body.trace_id as string)).order).to.include({ asset_id: BTC, currency: 'BTC' });
    });
  });
});
