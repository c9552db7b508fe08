import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { newNonce, requestSignature, signedHeaders } from '../src/signing.js';
import { API_KEY, API_SECRET, BASE_URL, expectNoSecretsLogged, harness, recordRequests, success } from './fixtures.js';

/** The vector, computed independently of the plugin's code path. */
const expected = (secret: string, ts: string, nonce: string, body: string) =>
  createHmac('sha512', secret).update(`${ts}\n${nonce}\n${body}\n`, 'utf8').digest('hex').toUpperCase();

describe('binance request signing', () => {
  afterEach(expectNoSecretsLogged);

  it('signs ts\\nnonce\\nbody\\n with HMAC-SHA512 as uppercase hex', () => {
    const body = '{"merchantTradeNo":"abc","orderAmount":"0.00000001"}';
    const sig = requestSignature(API_SECRET, '1748779200000', 'AbCdEfGhIjKlMnOpQrStUvWxYz012345', body);
    expect(sig).to.equal(expected(API_SECRET, '1748779200000', 'AbCdEfGhIjKlMnOpQrStUvWxYz012345', body));
    expect(sig).to.match(/^[0-9A-F]{128}$/);
  });

  it('changes the signature when one byte of the body changes (no reformatting tolerated)', () => {
    const a = requestSignature(API_SECRET, '1', 'n'.repeat(32), '{"a":1}');
    const b = requestSignature(API_SECRET, '1', 'n'.repeat(32), '{"a": 1}');
    expect(a).to.not.equal(b);
  });

  it('builds the five headers from the key, the time in ms and the nonce', () => {
    const headers = signedHeaders({ apiKey: API_KEY, apiSecret: API_SECRET }, '{}', 1748779200123, 'x'.repeat(32));
    expect(headers).to.deep.equal({
      'content-type': 'application/json',
      'BinancePay-Timestamp': '1748779200123',
      'BinancePay-Nonce': 'x'.repeat(32),
      'BinancePay-Certificate-SN': API_KEY,
      'BinancePay-Signature': expected(API_SECRET, '1748779200123', 'x'.repeat(32), '{}'),
    });
  });

  it('draws 32-character nonces of letters and digits, different each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).to.equal(50);
    for (const nonce of nonces) expect(nonce).to.match(/^[A-Za-z0-9]{32}$/);
  });

  it('sends the signed headers with the exact body it signed', async () => {
    const { instance, clock } = await harness();
    const scope = nock(BASE_URL)
      .matchHeader('content-type', 'application/json')
      .matchHeader('binancepay-timestamp', String(clock.now().getTime()))
      .matchHeader('binancepay-nonce', /^[A-Za-z0-9]{32}$/)
      .matchHeader('binancepay-certificate-sn', API_KEY)
      .matchHeader('binancepay-signature', /^[0-9A-F]{128}$/)
      .post('/binancepay/openapi/v2/order/query')
      .reply(200, success({ status: 'PAID', orderAmount: '1', currency: 'USDT' }));
    const seen = recordRequests(scope);
    const result = await instance.queryPayment({ paymentId: '29383937493038367', merchantTradeNo: 't1', providerData: {} });
    expect(result.ok).to.equal(true);
    scope.done();
    const { headers, body } = seen[0]!;
    expect(body).to.equal('{"prepayId":"29383937493038367"}');
    expect(headers['binancepay-signature']).to.equal(
      expected(API_SECRET, headers['binancepay-timestamp']!, headers['binancepay-nonce']!, body),
    );
  });
});
