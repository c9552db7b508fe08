import { expect } from 'chai';
import {
  APP_LINK,
  bybit,
  checkoutRequest,
  createResult,
  envelope,
  harness,
  MERCHANT_ID,
  PAY_ID,
  PUBLIC_URL,
  QR,
  WALLET,
} from './fixtures.js';

/** Answers create_pay once and hands back the body Bybit received. */
function captureCreate(): { body: Record<string, unknown> | null } {
  const captured: { body: Record<string, unknown> | null } = { body: null };
  bybit()
    .post('/v5/bybitpay/create_pay', (body: Record<string, unknown>) => {
      captured.body = body;
      return true;
    })
    .reply(200, envelope(createResult()));
  return captured;
}

const NOW_SECONDS = 1748779200; // the test clock: 2025-06-01T12:00:00Z

describe('bybit createCheckout', () => {
  it('sends the documented create_pay body: amount + fee as text, our trade number, URLs, E_COMMERCE crypto', async () => {
    const h = await harness();
    const captured = captureCreate();
    const request = checkoutRequest();

    await h.instance.createCheckout(request);

    expect(captured.body).to.deep.equal({
      merchantId: MERCHANT_ID,
      paymentType: 'E_COMMERCE',
      merchantTradeNo: request.merchantTradeNo,
      goods: [{ shoppingName: 'MixPay', goodsName: 'MixPay payment' }],
      orderAmount: '10.605',
      currency: 'USDT',
      currencyType: 'crypto',
      successUrl: request.returnUrl,
      failedUrl: request.returnUrl,
      webhookUrl: `${PUBLIC_URL}/webhooks/${WALLET}`,
      orderExpireTime: NOW_SECONDS + 30 * 60,
      env: { terminalType: 'WEB' },
    });
  });

  it('caps orderExpireTime (Unix seconds) at one hour from now when MixPay allows longer', async () => {
    const h = await harness();
    const captured = captureCreate();
    await h.instance.createCheckout(checkoutRequest({ expiresAt: new Date('2025-06-01T15:00:00.000Z') }));
    expect(captured.body?.['orderExpireTime']).to.equal(NOW_SECONDS + 3600);
  });

  it('caps orderExpireTime at maxOrderLifetimeSeconds when that is set lower', async () => {
    const h = await harness({ maxOrderLifetimeSeconds: 600 });
    const captured = captureCreate();
    await h.instance.createCheckout(checkoutRequest());
    expect(captured.body?.['orderExpireTime']).to.equal(NOW_SECONDS + 600);
  });

  it('names the goods from the settings, with the MCC code when one is set', async () => {
    const h = await harness({ shoppingName: 'Shop', goodsName: 'Top-up', mccCode: '5816' });
    const captured = captureCreate();
    await h.instance.createCheckout(checkoutRequest());
    expect(captured.body?.['goods']).to.deep.equal([{ shoppingName: 'Shop', goodsName: 'Top-up', mccCode: '5816' }]);
  });

  it("hands out this plugin's page as checkout_url and Bybit's app link as deep_link", async () => {
    const h = await harness();
    captureCreate();
    const created = await h.instance.createCheckout(checkoutRequest());
    expect(created).to.deep.equal({
      ok: true,
      value: {
        paymentId: PAY_ID,
        checkoutUrl: `${PUBLIC_URL}/plugins/${WALLET}/checkout/${PAY_ID}`,
        deepLink: APP_LINK,
        universalUrl: '',
        providerData: {},
      },
    });
  });

  it('stores the QR, app link, amount, expiry and return URL under the payId, indexed by merchantTradeNo', async () => {
    const h = await harness();
    captureCreate();
    const request = checkoutRequest();
    await h.instance.createCheckout(request);
    expect(await h.store.get(`trade:${request.merchantTradeNo}`)).to.equal(PAY_ID);
    expect(await h.store.get(`payment:${PAY_ID}`)).to.deep.equal({
      payId: PAY_ID,
      merchantTradeNo: request.merchantTradeNo,
      qrContent: QR,
      checkoutLink: APP_LINK,
      amount: '10.605',
      currency: 'USDT',
      expiresAt: '2025-06-01T12:30:00.000Z',
      returnUrl: request.returnUrl,
      createdAt: '2025-06-01T12:00:00.000Z',
    });
  });

  it('answers a retry with the same merchantTradeNo from the store, without a second create_pay', async () => {
    const h = await harness();
    const scope = bybit().post('/v5/bybitpay/create_pay').once().reply(200, envelope(createResult()));
    const request = checkoutRequest();
    const first = await h.instance.createCheckout(request);
    const second = await h.instance.createCheckout(request);
    expect(scope.isDone()).to.equal(true);
    expect(second).to.deep.equal(first);
  });

  it('sends one create_pay for two concurrent calls with the same merchantTradeNo', async () => {
    const h = await harness();
    bybit().post('/v5/bybitpay/create_pay').once().delay(30).reply(200, envelope(createResult()));
    const request = checkoutRequest();
    const [a, b] = await Promise.all([h.instance.createCheckout(request), h.instance.createCheckout(request)]);
    expect(a.ok && b.ok).to.equal(true);
    expect(b).to.deep.equal(a);
  });

  it('refuses an order whose deadline has passed without calling Bybit', async () => {
    const h = await harness();
    const created = await h.instance.createCheckout(checkoutRequest({ expiresAt: new Date('2025-06-01T11:59:59.000Z') }));
    expect(created.ok).to.equal(false);
    if (!created.ok) expect(created.error).to.include({ reason: 'rejected', retryable: false });
  });

  it('refuses a return URL longer than Bybit accepts without calling Bybit', async () => {
    const h = await harness();
    const created = await h.instance.createCheckout(checkoutRequest({ returnUrl: `${PUBLIC_URL}/${'x'.repeat(260)}` }));
    expect(created.ok).to.equal(false);
    if (!created.ok) expect(created.error.message).to.contain('at most 256');
  });

  it('reports a create_pay answer without payId as invalid_response', async () => {
    const h = await harness();
    bybit()
      .post('/v5/bybitpay/create_pay')
      .reply(200, envelope({ qrContent: QR }));
    const created = await h.instance.createCheckout(checkoutRequest());
    expect(created.ok).to.equal(false);
    if (!created.ok) expect(created.error).to.include({ reason: 'invalid_response', retryable: false });
  });
});
