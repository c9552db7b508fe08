import { expect } from 'chai';
import type { StoredPayment } from '../src/store.js';
import { checkoutRequest, harness, PUBLIC_URL, WALLET } from './fixtures.js';

describe('mock createCheckout', () => {
  it('answers a checkout URL under the plugin routes, without deep links', async () => {
    const { instance } = await harness();
    const result = await instance.createCheckout(checkoutRequest());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.paymentId).to.match(/^[0-9a-f]{32}$/);
    expect(result.value.checkoutUrl).to.equal(`${PUBLIC_URL}/plugins/${WALLET}/checkout/${result.value.paymentId}`);
    expect(result.value.deepLink).to.equal('');
    expect(result.value.universalUrl).to.equal('');
  });

  it('stores the payment with the pay amount (amount + fee), pending', async () => {
    const { instance, store } = await harness();
    const request = checkoutRequest({ amount: '10.5', fee: '0.105', payAmount: '10.605' });
    const result = await instance.createCheckout(request);
    if (!result.ok) throw new Error(result.error.message);
    const stored = await store.get<StoredPayment>(`payment:${result.value.paymentId}`);
    expect(stored).to.include({
      merchantTradeNo: request.merchantTradeNo,
      traceId: request.traceId,
      amount: '10.605',
      currency: 'USDT',
      returnUrl: request.returnUrl,
      webhookUrl: request.webhookUrl,
      expiresAt: '2025-06-01T12:30:00.000Z',
      state: 'pending',
    });
    expect([...store.data.keys()]).to.deep.equal([`payment:${result.value.paymentId}`]); // one record, no index
  });

  it('is idempotent on the merchant trade no: a retry answers the same payment and links', async () => {
    const { instance, store } = await harness();
    const request = checkoutRequest();
    const first = await instance.createCheckout(request);
    const retry = await instance.createCheckout({ ...request });
    expect(retry).to.deep.equal(first);
    expect([...store.data.keys()].filter((key) => key.startsWith('payment:'))).to.have.length(1);
  });

  it('finds a payment stored by an earlier version (random id, trade index) when the checkout is retried', async () => {
    const { instance, store } = await harness();
    const request = checkoutRequest();
    const first = await instance.createCheckout(request);
    if (!first.ok) throw new Error(first.error.message);
    const stored = await store.get<StoredPayment>(`payment:${first.value.paymentId}`);
    store.data.clear();
    await store.put('payment:0123456789abcdef0123456789abcdef', { ...stored, paymentId: '0123456789abcdef0123456789abcdef' });
    await store.put(`trade:${request.merchantTradeNo}`, '0123456789abcdef0123456789abcdef');
    expect(await instance.queryPayment({ paymentId: null, merchantTradeNo: request.merchantTradeNo, providerData: {} })).to.deep.include({
      ok: true,
    });
  });

  it('gives a checkout a payment id that cannot be worked out from the trade number without the secret', async () => {
    const a = await (
      await harness({ webhookSecret: 'first-secret-0123456789' })
    ).instance.createCheckout(checkoutRequest({ merchantTradeNo: 'same' }));
    const b = await (
      await harness({ webhookSecret: 'other-secret-0123456789' })
    ).instance.createCheckout(checkoutRequest({ merchantTradeNo: 'same' }));
    if (!a.ok || !b.ok) throw new Error('create failed');
    expect(a.value.paymentId).to.not.equal(b.value.paymentId);
    expect(a.value.paymentId).to.not.include('same');
  });

  it('creates one payment when two retries of one order arrive at once', async () => {
    const { instance, store } = await harness();
    const request = checkoutRequest();
    const [a, b] = await Promise.all([instance.createCheckout(request), instance.createCheckout(request)]);
    expect(a).to.deep.equal(b);
    expect([...store.data.keys()].filter((key) => key.startsWith('payment:'))).to.have.length(1);
  });

  it('gives different orders different payments', async () => {
    const { instance } = await harness();
    const a = await instance.createCheckout(checkoutRequest());
    const b = await instance.createCheckout(checkoutRequest());
    if (!a.ok || !b.ok) throw new Error('create failed');
    expect(a.value.paymentId).to.not.equal(b.value.paymentId);
  });

  it('answers a store failure as a retryable unavailable, not an exception', async () => {
    const { instance, store } = await harness();
    store.putIfAbsent = async () => {
      throw new Error('disk full');
    };
    const result = await instance.createCheckout(checkoutRequest());
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.error).to.include({ reason: 'unavailable', retryable: true });
    expect(result.error.message).to.contain('disk full');
  });
});
