import { expect } from 'chai';
import type { RefundRequest } from '@mixpay-broker/plugin-api';
import { bybit, createdCheckout, envelope, failure, harness, MERCHANT_ID, PAY_ID, payOrder } from './fixtures.js';

const REFUND_ID = 'rf-7d0c1e2f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

const refundRequest = (overrides: Partial<RefundRequest> = {}): RefundRequest => ({
  refundId: REFUND_ID,
  payment: { paymentId: PAY_ID, merchantTradeNo: 'trade', providerData: {} },
  amount: '10.605',
  paidAmount: '10.605',
  currency: 'USDT',
  reason: 'late payment',
  ...overrides,
});

const refundOrder = (refundStatus: string, merchantRefundNo = REFUND_ID) => ({
  refundId: 'RF01JY2KM5QNPXR8S4HTJZT9BC14',
  refundType: 'MERCHNT_SELF_REFUND',
  merchantTradeNo: 'trade',
  merchantRefundNo,
  payId: PAY_ID,
  refundStatus,
  refundCurrency: 'USDT',
  amount: '10.605',
  createTime: 1748779300,
});

/** Answers one refund call and keeps the body Bybit received. */
function captureRefund(answer: Record<string, unknown>, bodies: unknown[]) {
  return bybit()
    .post('/v5/bybitpay/refund', (body: unknown) => {
      bodies.push(body);
      return true;
    })
    .reply(200, answer);
}

describe('bybit refund', () => {
  it('sends one documented refund item: the payId, our refundId as merchantRefundNo, the amount as text', async () => {
    const h = await harness();
    const bodies: unknown[] = [];
    captureRefund(envelope({ refundOrders: [refundOrder('REFUND_SUCCESS')] }), bodies);
    await h.instance.refund(refundRequest({ amount: '5.10000000' }));
    expect(bodies).to.deep.equal([
      {
        merchantId: MERCHANT_ID,
        list: [{ refundType: 'MERCHNT_SELF_REFUND', payId: PAY_ID, merchantRefundNo: REFUND_ID, refundAmount: '5.10000000' }],
      },
    ]);
  });

  it('answers REFUND_SUCCESS as succeeded with Bybit refund id', async () => {
    const h = await harness();
    captureRefund(envelope({ refundOrders: [refundOrder('REFUND_SUCCESS')] }), []);
    expect(await h.instance.refund(refundRequest())).to.deep.equal({
      ok: true,
      value: { state: 'succeeded', providerRefundId: 'RF01JY2KM5QNPXR8S4HTJZT9BC14' },
    });
  });

  it('answers a refund still in progress as pending', async () => {
    const h = await harness();
    captureRefund(envelope({ refundOrders: [refundOrder('PROCESSING')] }), []);
    const result = await h.instance.refund(refundRequest());
    expect(result.ok && result.value.state).to.equal('pending');
  });

  it('sends the same merchantRefundNo on every retry of one refund', async () => {
    const h = await harness();
    const bodies: Array<{ list: Array<{ merchantRefundNo: string }> }> = [];
    captureRefund(failure(500000, 'busy'), bodies);
    captureRefund(envelope({ refundOrders: [refundOrder('REFUND_SUCCESS')] }), bodies);
    const first = await h.instance.refund(refundRequest());
    const second = await h.instance.refund(refundRequest());
    expect(first.ok).to.equal(false);
    if (!first.ok) expect(first.error.retryable).to.equal(true);
    expect(second.ok).to.equal(true);
    expect(bodies.map((b) => b.list[0]?.merchantRefundNo)).to.deep.equal([REFUND_ID, REFUND_ID]);
  });

  it('answers 500103 (already refunded) as succeeded when the refund on the order is ours', async () => {
    const h = await harness();
    captureRefund(failure(500103, 'already refunded'), []);
    bybit()
      .get('/v5/bybitpay/pay_result')
      .query({ merchantId: MERCHANT_ID, paymentType: 'E_COMMERCE', payId: PAY_ID })
      .reply(200, envelope({ order: payOrder('REFUND_SUCCESS', { refundOrders: [refundOrder('REFUND_SUCCESS')] }) }));
    expect(await h.instance.refund(refundRequest())).to.deep.equal({
      ok: true,
      value: { state: 'succeeded', providerRefundId: 'RF01JY2KM5QNPXR8S4HTJZT9BC14' },
    });
  });

  it('refuses when 500103 comes from another refund having emptied the payment', async () => {
    const h = await harness();
    captureRefund(failure(500103, 'already refunded'), []);
    bybit()
      .get('/v5/bybitpay/pay_result')
      .query(true)
      .reply(200, envelope({ order: payOrder('REFUND_SUCCESS', { refundOrders: [refundOrder('REFUND_SUCCESS', 'someone-else')] }) }));
    const result = await h.instance.refund(refundRequest());
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', retryable: false, providerCode: '500103' });
  });

  it('refuses a refund of an unpaid payment (500105)', async () => {
    const h = await harness();
    captureRefund(failure(500105, 'order not paid'), []);
    const result = await h.instance.refund(refundRequest());
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', retryable: false, providerCode: '500105' });
  });

  it('refuses a zero or malformed amount without calling Bybit', async () => {
    const h = await harness();
    for (const amount of ['0', '1e3', '-1']) {
      const result = await h.instance.refund(refundRequest({ amount }));
      expect(result.ok, amount).to.equal(false);
    }
  });

  it('names the payment by merchantTradeNo when neither the broker nor the store knows its payId', async () => {
    const h = await harness();
    const bodies: Array<{ list: Array<Record<string, string>> }> = [];
    captureRefund(envelope({ refundOrders: [refundOrder('REFUND_SUCCESS')] }), bodies);
    await h.instance.refund(refundRequest({ payment: { paymentId: null, merchantTradeNo: 'trade-9', providerData: {} } }));
    expect(bodies[0]?.list[0]).to.include({ merchantTradeNo: 'trade-9' }).and.not.to.have.property('payId');
  });

  it('refuses a refund in another currency than the stored payment without calling Bybit', async () => {
    const h = await harness();
    await createdCheckout(h);
    const result = await h.instance.refund(refundRequest({ currency: 'BTC' }));
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.message).to.contain('differs');
  });
});
