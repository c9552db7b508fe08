import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { queryString, signedHeaders } from '../src/signing.js';
import { API_KEY, API_SECRET, bybit, checkoutRequest, createResult, envelope, harness, MERCHANT_ID, PAY_ID, payOrder } from './fixtures.js';

/** The signature computed here from Bybit's description, independently of the plugin's code. */
const expectedSign = (secret: string, timestampMs: string, apiKey: string, recvWindow: string, payload: string): string =>
  createHmac('sha256', secret).update(`${timestampMs}${apiKey}${recvWindow}${payload}`).digest('hex');

interface Captured {
  headers: Record<string, string>;
  rawBody: string;
}

describe('bybit request signing', () => {
  it('signs a fixed vector as hex HMAC-SHA256 over timestamp + apiKey + recvWindow + body', () => {
    const body = '{"merchantId":"305142568","orderAmount":"10.605"}';
    const headers = signedHeaders({ apiKey: 'key-1', apiSecret: 'secret-1', recvWindowMs: 5000 }, 1736233200000, body);
    expect(headers['X-BAPI-SIGN']).to.equal(expectedSign('secret-1', '1736233200000', 'key-1', '5000', body));
    expect(headers['X-BAPI-SIGN']).to.match(/^[0-9a-f]{64}$/);
  });

  it('sends every X-BAPI header, Content-Type and Version 5.00 on create_pay, signed over the exact body sent', async () => {
    const h = await harness();
    const captured: Captured = { headers: {}, rawBody: '' };
    bybit()
      .matchHeader('x-bapi-api-key', API_KEY)
      .matchHeader('x-bapi-recv-window', '5000')
      .matchHeader('x-bapi-timestamp', String(h.clock.now().getTime()))
      .matchHeader('content-type', 'application/json')
      .matchHeader('version', '5.00')
      .filteringRequestBody((body) => {
        captured.rawBody = body;
        return body;
      })
      .post('/v5/bybitpay/create_pay', () => true)
      .reply(function () {
        captured.headers = this.req.headers as Record<string, string>;
        return [200, envelope(createResult())];
      });

    const created = await h.instance.createCheckout(checkoutRequest());

    expect(created.ok).to.equal(true);
    expect(captured.rawBody).to.contain('"merchantId":"305142568"');
    expect(captured.headers['x-bapi-sign']).to.equal(expectedSign(API_SECRET, '1748779200000', API_KEY, '5000', captured.rawBody));
  });

  it('signs a GET over the unescaped query string in place of a body', async () => {
    const h = await harness();
    const captured: Captured = { headers: {}, rawBody: '' };
    bybit()
      .get('/v5/bybitpay/pay_result')
      .query({ merchantId: MERCHANT_ID, paymentType: 'E_COMMERCE', payId: PAY_ID })
      .reply(function () {
        captured.headers = this.req.headers as Record<string, string>;
        return [200, envelope({ order: payOrder('INIT') })];
      });

    await h.instance.queryPayment({ paymentId: PAY_ID, merchantTradeNo: 'trade', providerData: {} });

    const query = `merchantId=${MERCHANT_ID}&paymentType=E_COMMERCE&payId=${PAY_ID}`;
    expect(captured.headers['x-bapi-sign']).to.equal(expectedSign(API_SECRET, '1748779200000', API_KEY, '5000', query));
  });

  it('puts the configured receive window in the header and in the signed text', async () => {
    const h = await harness({ recvWindowMs: 8000 });
    const captured: Captured = { headers: {}, rawBody: '' };
    bybit()
      .matchHeader('x-bapi-recv-window', '8000')
      .filteringRequestBody((body) => {
        captured.rawBody = body;
        return body;
      })
      .post('/v5/bybitpay/create_pay', () => true)
      .reply(function () {
        captured.headers = this.req.headers as Record<string, string>;
        return [200, envelope(createResult())];
      });

    await h.instance.createCheckout(checkoutRequest());

    expect(captured.headers['x-bapi-sign']).to.equal(expectedSign(API_SECRET, '1748779200000', API_KEY, '8000', captured.rawBody));
  });

  it('signs the unescaped query while sending it percent-encoded', () => {
    expect(
      queryString([
        ['merchantTradeNo', 'a b/c'],
        ['paymentType', 'E_COMMERCE'],
      ]),
    ).to.deep.equal({
      signed: 'merchantTradeNo=a b/c&paymentType=E_COMMERCE',
      sent: 'merchantTradeNo=a%20b%2Fc&paymentType=E_COMMERCE',
    });
  });
});
