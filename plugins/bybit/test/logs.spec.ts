import { expect } from 'chai';
import { expectNoSecretsIn, findRoute, logLineText, routeRequest } from '@mixpay-broker/plugin-api/testing';
import {
  API_KEY,
  API_SECRET,
  bybit,
  checkoutRequest,
  createResult,
  envelope,
  failure,
  harness,
  notification,
  OTHER_KEYS,
  PAY_ID,
  payOrder,
  PLATFORM_KEYS,
} from './fixtures.js';

describe('bybit logging', () => {
  it('never writes the API key, the secret, a request signature or a webhook signature to the log', async () => {
    const h = await harness({ requestTimeoutMs: 50 });
    const requestSigns: string[] = [];
    const keepSign = function (this: { req: { headers: Record<string, string> } }) {
      requestSigns.push(this.req.headers['x-bapi-sign'] ?? '');
    };
    const ref = { paymentId: PAY_ID, merchantTradeNo: 'trade', providerData: {} };

    bybit()
      .post('/v5/bybitpay/create_pay')
      .reply(function () {
        keepSign.call(this);
        return [200, envelope(createResult())];
      });
    bybit()
      .post('/v5/bybitpay/create_pay')
      .reply(function () {
        keepSign.call(this);
        return [200, failure(400002, 'signature error')];
      });
    bybit().post('/v5/bybitpay/create_pay').delay(300).reply(200, envelope({}));
    bybit()
      .get('/v5/bybitpay/pay_result')
      .query(true)
      .reply(function () {
        keepSign.call(this);
        return [200, envelope({ order: payOrder('PAY_SUCCESS') })];
      });
    bybit()
      .post('/v5/bybitpay/refund')
      .reply(function () {
        keepSign.call(this);
        return [200, failure(500105, 'not paid')];
      });

    await h.instance.createCheckout(checkoutRequest());
    await h.instance.createCheckout(checkoutRequest());
    await h.instance.createCheckout(checkoutRequest());
    await h.instance.queryPayment(ref);
    await h.instance.refund({ refundId: 'rf-1', payment: ref, amount: '1', paidAmount: '1', currency: 'USDT', reason: 'test' });
    const body = `{"paymentType":"E_COMMERCE","merchantTradeNo":"t","payId":"${PAY_ID}","status":"PAY_SUCCESS","amount":"1","currency":"USDT"}`;
    const good = notification(body, h.clock);
    const bad = notification(body, h.clock, { privateKey: OTHER_KEYS.privateKey });
    await h.instance.verifyWebhook(good);
    await h.instance.verifyWebhook(good); // replay: logged
    await h.instance.verifyWebhook(bad);
    await findRoute(h.instance, 'GET', '/checkout/:payment').handle(routeRequest('GET', `/checkout/${PAY_ID}`, { payment: PAY_ID }));

    expect(requestSigns.filter((s) => s !== '')).to.have.length(4);
    const secrets = {
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      ...Object.fromEntries(requestSigns.map((s, i) => [`request signature ${i + 1}`, s])),
      webhookSignature: good.headers['signature']!,
      forgedSignature: bad.headers['signature']!,
      platformKey: PLATFORM_KEYS.privateKey,
    };
    expectNoSecretsIn(h.logger.lines.map(logLineText), secrets, 6);
  });
});
