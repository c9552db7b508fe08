import { expect } from 'chai';
import nock from 'nock';
import { BASE_URL, checkoutRequest, CREATED, expectNoSecretsLogged, failure, harness, recordRequests, success } from './fixtures.js';

const CREATE = '/binancepay/openapi/v3/order';
const QUERY = '/binancepay/openapi/v2/order/query';

const queried = (merchantTradeNo: string, status = 'INITIAL') => ({
  merchantId: 98765987,
  prepayId: CREATED.prepayId,
  merchantTradeNo,
  status,
  currency: 'USDT',
  orderAmount: '10.60500000',
  createTime: 1748779200000,
});

describe('binance createCheckout on a duplicate merchantTradeNo (400201)', () => {
  afterEach(expectNoSecretsLogged);

  it('answers a retry with the kept links after the query confirms the order', async () => {
    const { instance } = await harness();
    const request = checkoutRequest();
    nock(BASE_URL).post(CREATE).reply(200, success(CREATED));
    const first = await instance.createCheckout(request);

    const scope = nock(BASE_URL)
      .post(CREATE)
      .reply(200, failure('400201', 'merchantTradeNo is duplicated'))
      .post(QUERY)
      .reply(200, success(queried(request.merchantTradeNo)));
    const seen = recordRequests(scope);
    const retry = await instance.createCheckout(request);
    scope.done();
    expect(retry).to.deep.equal(first);
    expect(JSON.parse(seen[1]!.body)).to.deep.equal({ merchantTradeNo: request.merchantTradeNo });
  });

  it('refuses clearly when the order exists but its links were never kept', async () => {
    const { instance } = await harness();
    const request = checkoutRequest();
    const scope = nock(BASE_URL)
      .post(CREATE)
      .reply(200, failure('400201'))
      .post(QUERY)
      .reply(200, success(queried(request.merchantTradeNo)));
    const result = await instance.createCheckout(request);
    scope.done();
    expect(result.ok).to.equal(false);
    if (!result.ok) {
      expect(result.error).to.include({ reason: 'rejected', retryable: false, providerCode: '400201' });
      expect(result.error.message).to.contain(request.merchantTradeNo).and.contain('not kept');
    }
  });

  it('keeps 400201 as rejected when the query does not find the order (an invalid trade no)', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(CREATE).reply(200, failure('400201')).post(QUERY).reply(200, failure('400202', 'order not found'));
    const result = await instance.createCheckout(checkoutRequest());
    scope.done();
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', providerCode: '400201' });
  });

  it('refuses to reopen a kept order that Binance reports as expired', async () => {
    const { instance } = await harness();
    const request = checkoutRequest();
    nock(BASE_URL).post(CREATE).reply(200, success(CREATED));
    await instance.createCheckout(request);
    const scope = nock(BASE_URL)
      .post(CREATE)
      .reply(200, failure('400201'))
      .post(QUERY)
      .reply(200, success(queried(request.merchantTradeNo, 'EXPIRED')));
    const result = await instance.createCheckout(request);
    scope.done();
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.message).to.contain('EXPIRED');
  });

  it('passes on a retryable failure of the confirming query', async () => {
    const { instance } = await harness();
    const scope = nock(BASE_URL).post(CREATE).reply(200, failure('400201')).post(QUERY).reply(502, 'Bad Gateway');
    const result = await instance.createCheckout(checkoutRequest());
    scope.done();
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'unavailable', retryable: true });
  });
});
