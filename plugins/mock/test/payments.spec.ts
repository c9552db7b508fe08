import { expect } from 'chai';
import type { PaymentRef } from '@mixpay-broker/plugin-api';
import type { StoredPayment } from '../src/store.js';
import { checkoutRequest, harness, type Harness } from './fixtures.js';

/** A payment created and then marked paid in the store, as if the payer had pressed Pay. */
async function paidPayment(h: Harness): Promise<PaymentRef> {
  const request = checkoutRequest();
  const result = await h.instance.createCheckout(request);
  if (!result.ok) throw new Error(result.error.message);
  const key = `payment:${result.value.paymentId}`;
  const payment = await h.store.get<StoredPayment>(key);
  await h.store.put(key, { ...payment, state: 'paid' });
  return { paymentId: result.value.paymentId, merchantTradeNo: request.merchantTradeNo, providerData: {} };
}

async function pendingPayment(h: Harness): Promise<PaymentRef> {
  const request = checkoutRequest();
  const result = await h.instance.createCheckout(request);
  if (!result.ok) throw new Error(result.error.message);
  return { paymentId: result.value.paymentId, merchantTradeNo: request.merchantTradeNo, providerData: {} };
}

const refundOf = (payment: PaymentRef, refundId: string, amount = '10.605') => ({
  refundId,
  payment,
  amount,
  paidAmount: '10.605',
  currency: 'USDT',
  reason: 'test',
});

describe('mock queryPayment', () => {
  it('answers a new payment as pending with its pay amount', async () => {
    const h = await harness();
    const ref = await pendingPayment(h);
    expect(await h.instance.queryPayment(ref)).to.deep.equal({ ok: true, value: { state: 'pending', amount: '10.605', currency: 'USDT' } });
  });

  it('finds the payment by trade reference when the payment id is not known', async () => {
    const h = await harness();
    const ref = await pendingPayment(h);
    const result = await h.instance.queryPayment({ ...ref, paymentId: null });
    expect(result.ok && result.value.state).to.equal('pending');
  });

  it('answers a pending payment past its deadline as expired', async () => {
    const h = await harness();
    const ref = await pendingPayment(h);
    h.clock.set(new Date('2025-06-01T12:30:01.000Z'));
    const result = await h.instance.queryPayment(ref);
    expect(result.ok && result.value.state).to.equal('expired');
  });

  it('answers an unknown payment as not_found, not retryable', async () => {
    const h = await harness();
    const result = await h.instance.queryPayment({ paymentId: 'nope', merchantTradeNo: 'nope', providerData: {} });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'not_found', retryable: false });
  });
});

describe('mock closePayment', () => {
  it('expires a pending payment', async () => {
    const h = await harness();
    const ref = await pendingPayment(h);
    expect(await h.instance.closePayment(ref)).to.deep.equal({ ok: true, value: undefined });
    const result = await h.instance.queryPayment(ref);
    expect(result.ok && result.value.state).to.equal('expired');
  });

  it('is ok on a payment already closed', async () => {
    const h = await harness();
    const ref = await pendingPayment(h);
    await h.instance.closePayment(ref);
    expect((await h.instance.closePayment(ref)).ok).to.equal(true);
  });

  it('refuses to close a paid payment', async () => {
    const h = await harness();
    const ref = await paidPayment(h);
    const result = await h.instance.closePayment(ref);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', retryable: false });
  });
});

describe('mock refund', () => {
  it('refunds a paid payment', async () => {
    const h = await harness();
    const ref = await paidPayment(h);
    const result = await h.instance.refund(refundOf(ref, 'r1'));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.state).to.equal('succeeded');
    expect(result.value.providerRefundId).to.match(/^rfd_[0-9a-f]{32}$/);
  });

  it('is idempotent on the refund id: a retry answers the same refund and refunds nothing more', async () => {
    const h = await harness();
    const ref = await paidPayment(h);
    const first = await h.instance.refund(refundOf(ref, 'r1'));
    const retry = await h.instance.refund(refundOf(ref, 'r1'));
    expect(retry).to.deep.equal(first);
    expect([...h.store.data.keys()].filter((key) => key.startsWith('refund:'))).to.deep.equal(['refund:r1']);
    // The whole amount was refunded once: a new refund id has nothing left to take.
    const another = await h.instance.refund(refundOf(ref, 'r2', '0.001'));
    expect(another.ok).to.equal(false);
  });

  it('refuses a refund id reused for another amount', async () => {
    const h = await harness();
    const ref = await paidPayment(h);
    await h.instance.refund(refundOf(ref, 'r1', '1'));
    const reused = await h.instance.refund(refundOf(ref, 'r1', '2'));
    expect(reused.ok).to.equal(false);
    if (!reused.ok) expect(reused.error.reason).to.equal('rejected');
  });

  it('allows partial refunds up to the amount paid', async () => {
    const h = await harness();
    const ref = await paidPayment(h);
    expect((await h.instance.refund(refundOf(ref, 'r1', '10'))).ok).to.equal(true);
    expect((await h.instance.refund(refundOf(ref, 'r2', '0.605'))).ok).to.equal(true);
    const over = await h.instance.refund(refundOf(ref, 'r3', '0.00000001'));
    expect(over.ok).to.equal(false);
    if (!over.ok) expect(over.error.reason).to.equal('rejected');
  });

  it('refuses to refund a pending payment', async () => {
    const h = await harness();
    const ref = await pendingPayment(h);
    const result = await h.instance.refund(refundOf(ref, 'r1'));
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.include({ reason: 'rejected', retryable: false });
  });

  it('refuses a refund in another currency', async () => {
    const h = await harness();
    const ref = await paidPayment(h);
    const result = await h.instance.refund({ ...refundOf(ref, 'r1'), currency: 'BTC' });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('rejected');
  });

  it('answers an unknown payment as not_found', async () => {
    const h = await harness();
    const result = await h.instance.refund(refundOf({ paymentId: 'nope', merchantTradeNo: 'nope', providerData: {} }, 'r1'));
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('not_found');
  });
});
