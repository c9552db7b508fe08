import { expect } from 'chai';
import type { PaymentRef } from '@mixpay-broker/plugin-api';
import { bybit, createdCheckout, envelope, failure, harness, MERCHANT_ID, PAY_ID, payOrder } from './fixtures.js';

const byPayId: PaymentRef = { paymentId: PAY_ID, merchantTradeNo: 'trade', providerData: {} };

const answerPayResult = (order: unknown, query: Record<string, string> = { payId: PAY_ID }) =>
  bybit()
    .get('/v5/bybitpay/pay_result')
    .query({ merchantId: MERCHANT_ID, paymentType: 'E_COMMERCE', ...query })
    .reply(200, envelope({ order }));

const STATES = [
  ['INIT', 'pending'],
  ['PAY_SUCCESS', 'paid'],
  ['REFUND_SUCCESS', 'paid'],
  ['TIMEOUT', 'expired'],
  ['PAY_FAILED', 'failed'],
] as const;

describe('bybit queryPayment', () => {
  for (const [status, state] of STATES) {
    it(`maps ${status} to ${state}, with the amount and currency as Bybit wrote them`, async () => {
      const h = await harness();
      answerPayResult(payOrder(status));
      const result = await h.instance.queryPayment(byPayId);
      expect(result).to.deep.equal({ ok: true, value: { state, amount: '10.605', currency: 'USDT' } });
    });
  }

  it('queries by merchantTradeNo when the broker has no payId', async () => {
    const h = await harness();
    const scope = answerPayResult(payOrder('INIT'), { merchantTradeNo: 'abc123' });
    const result = await h.instance.queryPayment({ paymentId: null, merchantTradeNo: 'abc123', providerData: {} });
    expect(scope.isDone()).to.equal(true);
    expect(result.ok).to.equal(true);
  });

  it('keeps every digit of an amount Bybit writes as a JSON number', async () => {
    const h = await harness();
    bybit()
      .get('/v5/bybitpay/pay_result')
      .query(true)
      .reply(
        200,
        `{"retCode":100000,"retMsg":"success","result":{"order":{"merchantTradeNo":"t","payId":"${PAY_ID}","status":"PAY_SUCCESS","amount":10.60500000,"currency":"USDT"}}}`,
      );
    const result = await h.instance.queryPayment(byPayId);
    expect(result).to.deep.equal({ ok: true, value: { state: 'paid', amount: '10.60500000', currency: 'USDT' } });
  });

  it('reports an undocumented status as invalid_response', async () => {
    const h = await harness();
    answerPayResult(payOrder('SOMETHING_NEW'));
    const result = await h.instance.queryPayment(byPayId);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'invalid_response', providerCode: 'SOMETHING_NEW' });
  });

  it('reports 400004 as not_found', async () => {
    const h = await harness();
    bybit().get('/v5/bybitpay/pay_result').query(true).reply(200, failure(400004, 'order not found'));
    const result = await h.instance.queryPayment(byPayId);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'not_found', providerCode: '400004' });
  });
});

describe('bybit closePayment (Bybit has no close endpoint)', () => {
  it('answers ok for a payment still INIT, and logs that it lapses at its expiry', async () => {
    const h = await harness();
    answerPayResult(payOrder('INIT'));
    const result = await h.instance.closePayment(byPayId);
    expect(result).to.deep.equal({ ok: true, value: undefined });
    expect(h.logger.lines.some((l) => l.message.includes('no close endpoint'))).to.equal(true);
  });

  it('answers ok for a stored payment past its expiry without calling Bybit', async () => {
    const h = await harness();
    await createdCheckout(h);
    h.clock.advanceSeconds(30 * 60);
    const result = await h.instance.closePayment(byPayId);
    expect(result).to.deep.equal({ ok: true, value: undefined });
  });

  for (const status of ['TIMEOUT', 'PAY_FAILED']) {
    it(`answers ok for a payment already ${status}`, async () => {
      const h = await harness();
      answerPayResult(payOrder(status));
      expect(await h.instance.closePayment(byPayId)).to.deep.equal({ ok: true, value: undefined });
    });
  }

  it('refuses to close a paid payment', async () => {
    const h = await harness();
    answerPayResult(payOrder('PAY_SUCCESS'));
    const result = await h.instance.closePayment(byPayId);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', retryable: false });
  });

  it('passes on a failed status check, so the broker tries again', async () => {
    const h = await harness();
    bybit().get('/v5/bybitpay/pay_result').query(true).reply(200, failure(500000, 'busy'));
    const result = await h.instance.closePayment(byPayId);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'unavailable', retryable: true });
  });
});
