import { expect } from 'chai';
import nock from 'nock';
import type { PaymentRef } from '@mixpay-broker/plugin-api';
import { BASE_URL, expectNoSecretsLogged, failure, harness, recordRequests, success } from './fixtures.js';

const QUERY = '/binancepay/openapi/v2/order/query';
const CLOSE = '/binancepay/openapi/order/close';

const ref: PaymentRef = {
  paymentId: '383729303729303',
  merchantTradeNo: '0b4e2a3c11114222833300000000abcd',
  providerData: { prepayId: '383729303729303' },
};
const order = (status: string) =>
  success({ prepayId: '383729303729303', merchantTradeNo: ref.merchantTradeNo, status, currency: 'USDT', orderAmount: '10.60500000' });

describe('binance queryPayment', () => {
  afterEach(expectNoSecretsLogged);

  const cases: Array<[string, string]> = [
    ['INITIAL', 'pending'],
    ['PENDING', 'pending'],
    ['PAID', 'paid'],
    ['REFUNDING', 'paid'],
    ['REFUNDED', 'paid'],
    ['FULL_REFUNDED', 'paid'],
    ['EXPIRED', 'expired'],
    ['CANCELED', 'expired'],
    ['ERROR', 'failed'],
  ];
  for (const [status, state] of cases) {
    it(`maps ${status} to ${state}`, async () => {
      const { instance } = await harness();
      nock(BASE_URL).post(QUERY).reply(200, order(status));
      const result = await instance.queryPayment(ref);
      expect(result).to.deep.equal({ ok: true, value: { state, amount: '10.60500000', currency: 'USDT' } });
    });
  }

  it('answers an unknown status as an invalid response, not a guess', async () => {
    const { instance } = await harness();
    nock(BASE_URL).post(QUERY).reply(200, order('ON_HOLD'));
    const result = await instance.queryPayment(ref);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('invalid_response');
  });

  it('queries by the kept prepayId', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(QUERY).reply(200, order('PAID'));
    const seen = recordRequests(scope);
    await instance.queryPayment({ ...ref, paymentId: null });
    expect(seen[0]!.body).to.equal('{"prepayId":"383729303729303"}');
  });

  it('queries by merchantTradeNo when no prepayId is known', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(QUERY).reply(200, order('PENDING'));
    const seen = recordRequests(scope);
    await instance.queryPayment({ paymentId: null, merchantTradeNo: ref.merchantTradeNo, providerData: {} });
    expect(seen[0]!.body).to.equal(`{"merchantTradeNo":"${ref.merchantTradeNo}"}`);
  });

  it('maps 400202 to not_found', async () => {
    const { instance } = await harness();
    nock(BASE_URL).post(QUERY).reply(200, failure('400202', 'Order not found.'));
    const result = await instance.queryPayment(ref);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'not_found', providerCode: '400202', retryable: false });
  });

  it('retries a query after a network error (safe to repeat)', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(QUERY).replyWithError('socket hang up').post(QUERY).reply(200, order('PAID'));
    const result = await instance.queryPayment(ref);
    scope.done();
    expect(result.ok && result.value.state).to.equal('paid');
  });
});

describe('binance closePayment', () => {
  afterEach(expectNoSecretsLogged);

  it('posts the prepayId and accepts data true', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(CLOSE, { prepayId: '383729303729303' }).reply(200, success(true));
    const result = await instance.closePayment(ref);
    scope.done();
    expect(result).to.deep.equal({ ok: true, value: undefined });
  });

  it('refuses closing a paid order (400204) as rejected, not retryable', async () => {
    const { instance } = await harness();
    nock(BASE_URL).post(CLOSE).reply(200, failure('400204', 'Order status does not allow close'));
    const result = await instance.closePayment(ref);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', providerCode: '400204', retryable: false });
  });

  it('treats data false as not accepted', async () => {
    const { instance } = await harness();
    nock(BASE_URL).post(CLOSE).reply(200, success(false));
    const result = await instance.closePayment(ref);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('rejected');
  });
});
