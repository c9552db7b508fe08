import { expect } from 'chai';
import nock from 'nock';
import { BASE_URL, checkoutRequest, CREATED, expectNoSecretsLogged, harness, recordRequests, success } from './fixtures.js';

const CREATE = '/binancepay/openapi/v3/order';

const bodyOf = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe('binance createCheckout', () => {
  afterEach(expectNoSecretsLogged);

  it('posts the v3 order body: trade no, amount + fee as text, currency, urls, goods', async () => {
    const { instance, clock } = await harness();
    const request = checkoutRequest({ expiresAt: new Date(clock.now().getTime() + 15 * 60_000) });
    const scope = nock(BASE_URL).post(CREATE).reply(200, success(CREATED));
    const seen = recordRequests(scope);
    await instance.createCheckout(request);
    scope.done();
    expect(bodyOf(seen[0]!.body)).to.deep.equal({
      env: { terminalType: 'WEB' },
      merchantTradeNo: request.merchantTradeNo,
      orderAmount: '10.605',
      currency: 'USDT',
      description: 'Payment through MixPay',
      goodsDetails: [{ goodsType: '02', goodsCategory: 'Z000', referenceGoodsId: 'mixpay-order', goodsName: 'MixPay order' }],
      returnUrl: request.returnUrl,
      cancelUrl: request.returnUrl,
      webhookUrl: 'https://broker.test/webhooks/binance',
      orderExpireTime: request.expiresAt.getTime(),
    });
  });

  it('sends the amount as the exact decimal text, never through a number', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(CREATE).reply(200, success(CREATED));
    const seen = recordRequests(scope);
    await instance.createCheckout(checkoutRequest({ payAmount: '12345678901.00000001', currency: 'BTC' }));
    expect(seen[0]!.body).to.contain('"orderAmount":"12345678901.00000001","currency":"BTC"');
  });

  it('caps orderExpireTime at now + maxOrderLifetimeSeconds', async () => {
    const { instance, clock } = await harness({ maxOrderLifetimeSeconds: 3600 });
    const scope = nock(BASE_URL).post(CREATE).reply(200, success(CREATED));
    const seen = recordRequests(scope);
    await instance.createCheckout(checkoutRequest({ expiresAt: new Date(clock.now().getTime() + 24 * 3600_000) }));
    expect(bodyOf(seen[0]!.body)['orderExpireTime']).to.equal(clock.now().getTime() + 3600_000);
  });

  it('uses the configured terminal type and goods', async () => {
    const { instance } = await harness({ terminalType: 'WAP', goods: { goodsName: 'Tickets', goodsType: '01', description: 'Concert' } });
    const scope = nock(BASE_URL).post(CREATE).reply(200, success(CREATED));
    const seen = recordRequests(scope);
    await instance.createCheckout(checkoutRequest());
    const body = bodyOf(seen[0]!.body);
    expect(body['env']).to.deep.equal({ terminalType: 'WAP' });
    expect(body['description']).to.equal('Concert');
    expect(body['goodsDetails']).to.deep.equal([
      { goodsType: '01', goodsCategory: 'Z000', referenceGoodsId: 'mixpay-order', goodsName: 'Tickets' },
    ]);
  });

  it('maps checkoutUrl, deeplink and universalUrl, and keeps prepayId', async () => {
    const { instance } = await harness();
    nock(BASE_URL).post(CREATE).reply(200, success(CREATED));
    const result = await instance.createCheckout(checkoutRequest());
    expect(result).to.deep.equal({
      ok: true,
      value: {
        paymentId: '383729303729303',
        checkoutUrl: CREATED.checkoutUrl,
        deepLink: CREATED.deeplink,
        universalUrl: CREATED.universalUrl,
        providerData: { prepayId: '383729303729303' },
      },
    });
  });

  it('keeps a 19-digit prepayId sent as a JSON number exactly', async () => {
    const { instance } = await harness();
    const raw = JSON.stringify(success({ ...CREATED, prepayId: 0 })).replace('"prepayId":0', '"prepayId":9223372036854775807');
    nock(BASE_URL).post(CREATE).reply(200, raw, { 'content-type': 'application/json' });
    const result = await instance.createCheckout(checkoutRequest());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.paymentId).to.equal('9223372036854775807');
  });

  it('keeps the create answer in the plugin store under the merchantTradeNo', async () => {
    const { instance, store } = await harness();
    const request = checkoutRequest();
    nock(BASE_URL).post(CREATE).reply(200, success(CREATED));
    await instance.createCheckout(request);
    expect(await store.get(`checkout:${request.merchantTradeNo}`)).to.include({
      paymentId: CREATED.prepayId,
      checkoutUrl: CREATED.checkoutUrl,
    });
  });

  it('refuses an order whose deadline has passed without calling Binance', async () => {
    const { instance, clock } = await harness();
    const result = await instance.createCheckout(checkoutRequest({ expiresAt: clock.now() }));
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', retryable: false });
  });

  it('refuses a payAmount that is not plain decimal text without calling Binance', async () => {
    const { instance } = await harness();
    const result = await instance.createCheckout(checkoutRequest({ payAmount: '1e3' }));
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', retryable: false });
  });

  it('answers a create without prepayId or checkoutUrl as an invalid response', async () => {
    const { instance } = await harness();
    nock(BASE_URL)
      .post(CREATE)
      .reply(200, success({ currency: 'USDT' }));
    const result = await instance.createCheckout(checkoutRequest());
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('invalid_response');
  });
});
