import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import type { RefundRequest } from '@mixpay-broker/plugin-api';
import {
  API_KEY,
  API_SECRET,
  bybit,
  checkoutRequest,
  createResult,
  envelope,
  harness,
  PAY_ID,
  payOrder,
  type Harness,
} from './fixtures.js';

/*
 * A retry is a new request: Bybit refuses an X-BAPI-TIMESTAMP outside the receive window, so every
 * attempt is signed with the time it is sent. The fake answers the first attempt with 500 (or 429)
 * after two seconds have passed, then succeeds. Every Bybit Pay call the plugin makes is safe to
 * repeat: create_pay is keyed by merchantTradeNo, refund by merchantRefundNo, pay_result is a query.
 */

const PATH = { create: '/v5/bybitpay/create_pay', result: '/v5/bybitpay/pay_result', refund: '/v5/bybitpay/refund' } as const;

const REF = { paymentId: PAY_ID, merchantTradeNo: 'trade', providerData: {} };

const REFUND: RefundRequest = {
  refundId: 'rf-7d0c1e2f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
  payment: REF,
  amount: '10.605',
  paidAmount: '10.605',
  currency: 'USDT',
  reason: 'late payment',
};

const REFUNDED = envelope({
  refundOrders: [
    {
      refundId: 'RF01JY2KM5QNPXR8S4HTJZT9BC14',
      merchantRefundNo: REFUND.refundId,
      payId: PAY_ID,
      refundStatus: 'REFUND_SUCCESS',
      amount: '10.605',
    },
  ],
});

interface Attempt {
  readonly headers: Record<string, string>;
  /** What Bybit signs: the POST body, or the GET's unescaped query string. */
  readonly payload: string;
}

/** Bybit's check, computed here from its documentation: hex HMAC-SHA256 over timestamp + apiKey + recvWindow + payload. */
function expectSignedOverItsOwnHeaders(attempt: Attempt, what: string): void {
  const h = attempt.headers;
  expect(h['x-bapi-api-key'], `${what}: X-BAPI-API-KEY`).to.equal(API_KEY);
  const expected = createHmac('sha256', API_SECRET)
    .update(`${h['x-bapi-timestamp']}${API_KEY}${h['x-bapi-recv-window']}${attempt.payload}`, 'utf8')
    .digest('hex');
  expect(h['x-bapi-sign'], `${what}: X-BAPI-SIGN over its own timestamp and payload`).to.equal(expected);
}

function expectFreshlySigned(attempts: Attempt[]): void {
  expect(attempts, 'attempts').to.have.length(2);
  const [first, retry] = attempts as [Attempt, Attempt];
  expect(retry.payload, 'the retry sends the same request').to.equal(first.payload);
  expect(Number(retry.headers['x-bapi-timestamp']), 'the retry carries the time it is sent').to.equal(
    Number(first.headers['x-bapi-timestamp']) + 2000,
  );
  expectSignedOverItsOwnHeaders(first, 'first attempt');
  expectSignedOverItsOwnHeaders(retry, 'retry');
}

/**
 * `method path` answers `status` to the first attempt (two seconds after it was signed), then `answer`;
 * every attempt's headers and signed payload are recorded as they arrived.
 */
function failOnceThen(h: Harness, method: 'GET' | 'POST', path: string, answer: object, status = 500): Attempt[] {
  const attempts: Attempt[] = [];
  const scope = bybit();
  const intercept = () => (method === 'GET' ? scope.get(path).query(true) : scope.post(path));
  intercept().reply(() => {
    h.clock.advanceSeconds(2);
    return [status, { retCode: 10016, retMsg: 'service busy' }];
  });
  intercept().reply(200, answer);
  scope.on('request', (req: { path: string; headers: Record<string, unknown> }, _interceptor: unknown, body: string) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
    const query = new URL(req.path, 'https://bybit.invalid').searchParams;
    attempts.push({ headers, payload: method === 'GET' ? [...query].map(([k, v]) => `${k}=${v}`).join('&') : body });
  });
  return attempts;
}

describe('bybit retries are signed afresh', () => {
  it('retries create_pay after HTTP 500 with a new timestamp and signature (idempotent on merchantTradeNo)', async () => {
    const h = await harness();
    const attempts = failOnceThen(h, 'POST', PATH.create, envelope(createResult()));
    const result = await h.instance.createCheckout(checkoutRequest());
    expect(result.ok, 'the checkout is created on the retry').to.equal(true);
    expectFreshlySigned(attempts);
  });

  it('retries pay_result after HTTP 429 with a new timestamp and signature', async () => {
    const h = await harness();
    const attempts = failOnceThen(h, 'GET', PATH.result, envelope({ order: payOrder('PAY_SUCCESS') }), 429);
    const result = await h.instance.queryPayment(REF);
    expect(result.ok && result.value.state).to.equal('paid');
    expectFreshlySigned(attempts);
  });

  it('retries a refund after HTTP 503 with a new timestamp and signature, and the same merchantRefundNo', async () => {
    const h = await harness();
    const attempts = failOnceThen(h, 'POST', PATH.refund, REFUNDED, 503);
    const result = await h.instance.refund(REFUND);
    expect(result).to.deep.equal({ ok: true, value: { state: 'succeeded', providerRefundId: 'RF01JY2KM5QNPXR8S4HTJZT9BC14' } });
    expectFreshlySigned(attempts);
    expect(attempts.map((a) => JSON.parse(a.payload).list[0].merchantRefundNo)).to.deep.equal([REFUND.refundId, REFUND.refundId]);
  });
});
