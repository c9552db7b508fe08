import { expect } from 'chai';
import nock from 'nock';
import type { RefundRequest } from '@mixpay-broker/plugin-api';
import { BASE_URL, expectNoSecretsLogged, failure, harness, recordRequests, success } from './fixtures.js';

const REFUND = '/binancepay/openapi/order/refund';

const request: RefundRequest = {
  refundId: 'rf0b4e2a3c111142228333000000000001',
  payment: {
    paymentId: '383729303729303',
    merchantTradeNo: '0b4e2a3c11114222833300000000abcd',
    providerData: { prepayId: '383729303729303' },
  },
  amount: '5.25',
  paidAmount: '10.605',
  currency: 'USDT',
  reason: 'order cancelled by MixPay',
};

const refunded = (duplicateRequest: 'Y' | 'N', extra: Record<string, unknown> = {}) =>
  success({
    refundRequestId: request.refundId,
    prepayId: '383729303729303',
    orderAmount: '10.605',
    refundedAmount: '5.25',
    refundAmount: '5.25',
    remainingAttempts: 9,
    payerOpenId: 'dde730c2e0ea1f1780cf26343b98fd3b',
    duplicateRequest,
    ...extra,
  });

describe('binance refund', () => {
  afterEach(expectNoSecretsLogged);

  it('posts refundRequestId = refundId, the prepayId (not merchantTradeNo), the amount as text, the reason and our webhook route', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(REFUND).reply(200, refunded('N'));
    const seen = recordRequests(scope);
    await instance.refund(request);
    scope.done();
    expect(seen[0]!.body).to.equal(
      '{"refundRequestId":"rf0b4e2a3c111142228333000000000001","prepayId":"383729303729303","refundAmount":"5.25","refundReason":"order cancelled by MixPay","webhookUrl":"https://broker.test/webhooks/binance"}',
    );
  });

  it('answers pending with Binance refund id: the final result comes by webhook', async () => {
    const { instance } = await harness();
    nock(BASE_URL)
      .post(REFUND)
      .reply(200, refunded('N', { refundId: 5571398798 }));
    expect(await instance.refund(request)).to.deep.equal({ ok: true, value: { state: 'pending', providerRefundId: '5571398798' } });
  });

  it('answers succeeded when Binance says REFUND_SUCCESS', async () => {
    const { instance } = await harness();
    nock(BASE_URL)
      .post(REFUND)
      .reply(200, refunded('N', { refundStatus: 'REFUND_SUCCESS' }));
    const result = await instance.refund(request);
    expect(result.ok && result.value).to.deep.equal({ state: 'succeeded', providerRefundId: request.refundId });
  });

  it('sends the same refundRequestId on a retry and accepts duplicateRequest Y as the same refund', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(REFUND).reply(200, refunded('N')).post(REFUND).reply(200, refunded('Y'));
    const seen = recordRequests(scope);
    const first = await instance.refund(request);
    const second = await instance.refund(request);
    scope.done();
    expect(seen.map((s) => JSON.parse(s.body).refundRequestId)).to.deep.equal([request.refundId, request.refundId]);
    expect(second).to.deep.equal(first);
  });

  it('retries after a network error with the same refundRequestId', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(REFUND).replyWithError('socket hang up').post(REFUND).reply(200, refunded('N'));
    const seen = recordRequests(scope);
    const result = await instance.refund(request);
    scope.done();
    expect(result.ok).to.equal(true);
    expect(new Set(seen.map((s) => JSON.parse(s.body).refundRequestId))).to.deep.equal(new Set([request.refundId]));
  });

  it('refuses a payment without a prepayId without calling Binance', async () => {
    const { instance } = await harness();
    const result = await instance.refund({ ...request, payment: { paymentId: null, merchantTradeNo: 'abc', providerData: {} } });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', retryable: false });
  });

  it('maps 400303 (invalid refund amount) to rejected', async () => {
    const { instance } = await harness();
    nock(BASE_URL).post(REFUND).reply(200, failure('400303', 'refund amount exceeds'));
    const result = await instance.refund(request);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', providerCode: '400303', retryable: false });
  });
});
