import { expect } from 'chai';
import { expectEnvelope } from '../support/envelope-assertions.js';
import { PAYEE, mockWallet, orderRequest, testConfig } from '../support/fixtures.js';
import type { Envelope } from '../support/mixpay-client.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * Every /mixpay/* answer is HTTP 200 with exactly {code, success, message, data}, errors included;
 * `data` is [] on errors and `message` is '' on success (protocol-decisions.md, "Transport").
 */

interface Call {
  name: string;
  code: number;
  request(base: string): Promise<Response>;
}

const range = (query: string) => (base: string) => fetch(`${base}/mixpay/assets/range?${query}`);
const post = (body: string | URLSearchParams, contentType?: string) => (base: string) =>
  fetch(`${base}/mixpay/create_order`, { method: 'POST', body, ...(contentType ? { headers: { 'content-type': contentType } } : {}) });
const json = (fields: Record<string, unknown>) => post(JSON.stringify(fields), 'application/json');

const CALLS: Call[] = [
  { name: 'assets/range with a range', code: 0, request: range(`payee_id=${PAYEE}&wallet=mock`) },
  { name: 'assets/range for an unknown wallet', code: 0, request: range(`payee_id=${PAYEE}&wallet=nosuchwallet`) },
  { name: 'assets/range with a bad payee_id', code: 11000, request: range('payee_id=x&wallet=mock') },
  { name: 'assets/range for a denied payee', code: 11001, request: range(`payee_id=${PAYEE}&wallet=mock_deny`) },
  { name: 'create_order accepted', code: 0, request: json(orderRequest()) },
  { name: 'create_order with a bad field', code: 11000, request: json(orderRequest({ amount: '-1' })) },
  { name: 'create_order for a denied payee', code: 11001, request: json(orderRequest({ wallet: 'mock_deny' })) },
  { name: 'create_order the balance cannot cover', code: 11002, request: json(orderRequest({ amount: '400' })) },
  { name: 'create_order the wallet fails', code: 11002, request: json(orderRequest({ memo: 'mock:error' })) },
  { name: 'create_order with a body that is not JSON', code: 11000, request: post('{"payee_id":', 'application/json') },
  { name: 'create_order with a body over 1 MB', code: 11000, request: json(orderRequest({ memo: 'x'.repeat(1024 * 1024) })) },
  { name: 'create_order with a text/plain body', code: 11000, request: post('payee_id=x', 'text/plain') },
  { name: 'create_order with no body', code: 11000, request: (base) => fetch(`${base}/mixpay/create_order`, { method: 'POST' }) },
  { name: 'a GET to create_order', code: 11000, request: (base) => fetch(`${base}/mixpay/create_order`) },
  { name: 'a POST to assets/range', code: 11000, request: (base) => fetch(`${base}/mixpay/assets/range`, { method: 'POST' }) },
  { name: 'an unknown /mixpay/ path', code: 11000, request: (base) => fetch(`${base}/mixpay/orders`) },
];

describe('the MixPay answer envelope', () => {
  let t: TestBroker;
  before(async () => {
    // 300 USDT: an order of 400 is within the wallet's limits but beyond the balance.
    t = await startTestBroker({
      config: testConfig({ usdtBalance: '300', wallets: { mock: mockWallet(), mock_deny: mockWallet({ payees: { deny: [PAYEE] } }) } }),
    });
  });
  after(async () => t.close());

  for (const c of CALLS) {
    it(`answers ${c.name} with HTTP 200, a JSON envelope and code ${c.code}`, async () => {
      const res = await c.request(t.url);
      expect(res.headers.get('content-type')).to.match(/^application\/json/);
      const body = (await res.json()) as Envelope;
      expectEnvelope({ status: res.status, body });
      expect(body.code, body.message).to.equal(c.code);
      if (c.code === 0) {
        expect(body.message).to.equal('');
        expect(body.data).to.not.equal(null);
      } else {
        expect(body.data).to.deep.equal([]);
        expect(body.message).to.not.equal('');
      }
    });
  }
});
