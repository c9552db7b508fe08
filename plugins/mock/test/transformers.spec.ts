import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { buildEventBody, parseSignatureHeader, signMockWebhook } from '../src/transformers.js';

describe('mock wire format', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 as t=<t>,v1=<hex>', () => {
    const body = '{"id":"evt_1"}';
    const expected = createHmac('sha256', 'a-secret-of-16-chars').update(`1748779200.${body}`).digest('hex');
    expect(signMockWebhook('a-secret-of-16-chars', body, 1748779200)).to.equal(`t=1748779200,v1=${expected}`);
  });

  it('builds the event body with the documented fields, amounts as strings', () => {
    const body = buildEventBody('evt_1', 'payment.succeeded', {
      paymentId: 'p1',
      merchantTradeNo: 't1',
      amount: '10.60500000',
      currency: 'USDT',
    });
    expect(JSON.parse(body)).to.deep.equal({
      id: 'evt_1',
      type: 'payment.succeeded',
      data: { payment_id: 'p1', merchant_trade_no: 't1', amount: '10.60500000', currency: 'USDT' },
    });
  });

  it('reads back the header it writes', () => {
    const header = signMockWebhook('a-secret-of-16-chars', '{}', 1748779200);
    expect(parseSignatureHeader(header)).to.deep.equal({
      t: '1748779200',
      timestamp: 1748779200,
      signature: header.slice('t=1748779200,v1='.length),
    });
  });
});
