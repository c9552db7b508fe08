import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import nock from 'nock';
import type { RefundRequest } from '@mixpay-broker/plugin-api';
import { createBinanceApi } from '../src/api.js';
import {
  API_KEY,
  API_SECRET,
  BASE_URL,
  CREATED,
  checkoutRequest,
  expectNoSecretsLogged,
  harness,
  recordRequests,
  success,
  type Harness,
  type SeenRequest,
} from './fixtures.js';

/*
 * A retry is a new request: Binance refuses a timestamp more than about a second old and a nonce it
 * has seen, so every attempt carries its own timestamp, nonce and signature. The fake answers the
 * first attempt with 500 (or 429) after two seconds have passed, then succeeds.
 */

const PATH = {
  create: '/binancepay/openapi/v3/order',
  query: '/binancepay/openapi/v2/order/query',
  close: '/binancepay/openapi/order/close',
  refund: '/binancepay/openapi/order/refund',
} as const;

const REF = {
  paymentId: '383729303729303',
  merchantTradeNo: '0b4e2a3c11114222833300000000abcd',
  providerData: { prepayId: '383729303729303' },
};

const REFUND: RefundRequest = {
  refundId: 'rf0b4e2a3c111142228333000000000001',
  payment: REF,
  amount: '5.25',
  paidAmount: '10.605',
  currency: 'USDT',
  reason: 'order cancelled by MixPay',
};

const ORDER = success({
  prepayId: REF.paymentId,
  merchantTradeNo: REF.merchantTradeNo,
  status: 'PAID',
  currency: 'USDT',
  orderAmount: '10.605',
});
const REFUNDED = success({
  refundRequestId: REFUND.refundId,
  prepayId: REF.paymentId,
  orderAmount: '10.605',
  refundAmount: '5.25',
  remainingAttempts: 9,
  duplicateRequest: 'N',
});

/** Binance's check, computed here from its documentation: UPPER hex HMAC-SHA512 over `timestamp\nnonce\nbody\n`. */
function expectSignedOverItsOwnHeaders(seen: SeenRequest, what: string): void {
  const h = seen.headers;
  expect(h['binancepay-certificate-sn'], `${what}: Certificate-SN`).to.equal(API_KEY);
  const expected = createHmac('sha512', API_SECRET)
    .update(`${h['binancepay-timestamp']}\n${h['binancepay-nonce']}\n${seen.body}\n`, 'utf8')
    .digest('hex')
    .toUpperCase();
  expect(h['binancepay-signature'], `${what}: signature over its own timestamp, nonce and body`).to.equal(expected);
}

function expectFreshlySigned(seen: SeenRequest[]): void {
  expect(seen, 'attempts').to.have.length(2);
  const [first, retry] = seen as [SeenRequest, SeenRequest];
  expect(retry.body, 'the retry sends the same body').to.equal(first.body);
  expect(retry.headers['binancepay-nonce'], 'the retry has a new nonce').to.not.equal(first.headers['binancepay-nonce']);
  expect(Number(retry.headers['binancepay-timestamp']), 'the retry has the time it is sent').to.equal(
    Number(first.headers['binancepay-timestamp']) + 2000,
  );
  expectSignedOverItsOwnHeaders(first, 'first attempt');
  expectSignedOverItsOwnHeaders(retry, 'retry');
}

/** `path` answers `status` to the first attempt (two seconds after it was signed), then `answer`. */
function failOnceThen(h: Harness, path: string, answer: object, status = 500): { scope: nock.Scope; seen: SeenRequest[] } {
  const scope = nock(BASE_URL)
    .post(path)
    .reply(() => {
      h.clock.advanceSeconds(2);
      return [status, { status: 'FAIL', code: '400000', errorMessage: 'busy' }];
    })
    .post(path)
    .reply(200, answer);
  return { scope, seen: recordRequests(scope) };
}

describe('binance retries are signed afresh', () => {
  afterEach(expectNoSecretsLogged);

  it('retries a create after HTTP 500 with a new timestamp, nonce and signature (idempotent on merchantTradeNo)', async () => {
    const h = await harness();
    const { scope, seen } = failOnceThen(h, PATH.create, success(CREATED));
    const result = await h.instance.createCheckout(checkoutRequest());
    scope.done();
    expect(result.ok, 'the create succeeds on the retry').to.equal(true);
    expectFreshlySigned(seen);
  });

  it('retries a query after HTTP 429 with a new timestamp, nonce and signature', async () => {
    const h = await harness();
    const { scope, seen } = failOnceThen(h, PATH.query, ORDER, 429);
    const result = await h.instance.queryPayment(REF);
    scope.done();
    expect(result.ok && result.value.state).to.equal('paid');
    expectFreshlySigned(seen);
  });

  it('retries a close after HTTP 500 with a new timestamp, nonce and signature', async () => {
    const h = await harness();
    const { scope, seen } = failOnceThen(h, PATH.close, success(true));
    const result = await h.instance.closePayment(REF);
    scope.done();
    expect(result).to.deep.equal({ ok: true, value: undefined });
    expectFreshlySigned(seen);
  });

  it('retries a refund after HTTP 503 with a new timestamp, nonce and signature, and the same refundRequestId', async () => {
    const h = await harness();
    const { scope, seen } = failOnceThen(h, PATH.refund, REFUNDED, 503);
    const result = await h.instance.refund(REFUND);
    scope.done();
    expect(result.ok, 'the refund succeeds on the retry').to.equal(true);
    expectFreshlySigned(seen);
    expect(seen.map((s) => JSON.parse(s.body).refundRequestId)).to.deep.equal([REFUND.refundId, REFUND.refundId]);
  });

  it('sends a call not marked safe to repeat once, even when it meets HTTP 500', async () => {
    const h = await harness();
    const api = createBinanceApi(h.ctx.settings, h.logger, h.clock);
    const scope = nock(BASE_URL).post(PATH.close).reply(500, { status: 'FAIL', code: '400000', errorMessage: 'busy' });
    const seen = recordRequests(scope);
    const result = await api.call(PATH.close, { prepayId: REF.paymentId }, { retry: false });
    scope.done();
    expect(result.ok).to.equal(false);
    expect(seen).to.have.length(1);
  });
});
