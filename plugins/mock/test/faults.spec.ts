import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import type { StoredPayment } from '../src/store.js';
import { checkoutPage, checkoutRequest, harness, pressButton, WebhookReceiver, type Harness } from './fixtures.js';

describe('mock faults on create', () => {
  it('setting error: create answers a retryable unavailable and stores nothing', async () => {
    const { instance, store, logger } = await harness({ faults: { create: 'error' } });
    const request = checkoutRequest();
    const result = await instance.createCheckout(request);
    expect(result).to.deep.equal({
      ok: false,
      error: { reason: 'unavailable', message: 'mock fault: create error', retryable: true },
    });
    expect(store.data.size).to.equal(0);
    expect(logger.at('warn').map((line) => line.fields)).to.deep.equal([
      { fault: 'error', source: 'settings', merchantTradeNo: request.merchantTradeNo },
    ]);
  });

  it('memo mock:error fails one order while the setting is off', async () => {
    const { instance, logger } = await harness();
    const broken = await instance.createCheckout(checkoutRequest({ memo: 'please mock:error this one' }));
    const fine = await instance.createCheckout(checkoutRequest({ memo: 'plain' }));
    expect(broken.ok).to.equal(false);
    expect(fine.ok).to.equal(true);
    expect(logger.at('warn')).to.have.length(1);
    expect(logger.at('warn')[0]?.fields).to.include({ fault: 'error', source: 'memo' });
  });

  it('memo switch overrides the setting for that order', async () => {
    const { instance } = await harness({ faults: { create: 'error' } });
    const result = await instance.createCheckout(checkoutRequest({ memo: 'mock:decline' }));
    expect(result.ok).to.equal(true);
  });

  it('setting slow: create waits slowMs, then succeeds', async () => {
    const { instance, logger } = await harness({ faults: { create: 'slow', slowMs: 120 } });
    const started = performance.now();
    const result = await instance.createCheckout(checkoutRequest());
    const elapsed = performance.now() - started;
    expect(result.ok).to.equal(true);
    expect(elapsed).to.be.at.least(115);
    expect(logger.at('warn')[0]?.fields).to.include({ fault: 'slow', source: 'settings' });
  });

  it('memo mock:slow waits slowMs for that order only', async () => {
    const { instance } = await harness({ faults: { slowMs: 120 } });
    let started = performance.now();
    await instance.createCheckout(checkoutRequest({ memo: 'plain' }));
    const plain = performance.now() - started;
    started = performance.now();
    const result = await instance.createCheckout(checkoutRequest({ memo: 'mock:slow' }));
    const slow = performance.now() - started;
    expect(result.ok).to.equal(true);
    expect(plain).to.be.below(100);
    expect(slow).to.be.at.least(115);
  });

  it('setting decline: create succeeds and marks the payment to be declined', async () => {
    const { instance, store, logger } = await harness({ faults: { create: 'decline' } });
    const result = await instance.createCheckout(checkoutRequest());
    if (!result.ok) throw new Error(result.error.message);
    const stored = await store.get<StoredPayment>(`payment:${result.value.paymentId}`);
    expect(stored?.declines).to.equal(true);
    expect(logger.at('warn')[0]?.fields).to.include({ fault: 'decline', source: 'settings' });
  });

  it('memo mock:decline marks only that order to be declined', async () => {
    const { instance, store } = await harness();
    const declined = await instance.createCheckout(checkoutRequest({ memo: 'mock:decline' }));
    const normal = await instance.createCheckout(checkoutRequest());
    if (!declined.ok || !normal.ok) throw new Error('create failed');
    expect((await store.get<StoredPayment>(`payment:${declined.value.paymentId}`))?.declines).to.equal(true);
    expect((await store.get<StoredPayment>(`payment:${normal.value.paymentId}`))?.declines).to.equal(false);
  });
});

describe('mock fault: lost webhook', () => {
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });

  afterEach(async () => {
    await receiver.close();
  });

  /** A pending payment whose webhooks (if any are sent) reach the local receiver. */
  const created = async (h: Harness, memo = 'order memo') => {
    const request = checkoutRequest({ webhookUrl: receiver.url(), memo });
    const result = await h.instance.createCheckout(request);
    if (!result.ok) throw new Error(result.error.message);
    return { request, paymentId: result.value.paymentId };
  };

  const dropLines = (h: Harness) => h.logger.at('warn').filter((line) => line.message === 'mock fault injected: webhook dropped');

  it('memo mock:lost-webhook: Pay sends no webhook, logs the drop and still redirects to the return URL', async () => {
    const h = await harness();
    const { request, paymentId } = await created(h, 'order 7 mock:lost-webhook');
    const response = await pressButton(h, paymentId, 'pay');
    expect(response.status).to.equal(303);
    expect(response.headers?.['location']).to.equal(request.returnUrl);
    expect(receiver.received).to.have.length(0);
    expect(dropLines(h)).to.have.length(1);
    expect(dropLines(h)[0]?.fields).to.include({
      fault: 'lost-webhook',
      source: 'memo',
      paymentId,
      merchantTradeNo: request.merchantTradeNo,
      type: 'payment.succeeded',
    });
  });

  it('memo mock:lost-webhook: the payment is paid at the mock, so a query finds it', async () => {
    const h = await harness();
    const { request, paymentId } = await created(h, 'mock:lost-webhook');
    await pressButton(h, paymentId, 'pay');
    const status = await h.instance.queryPayment({ paymentId, merchantTradeNo: request.merchantTradeNo, providerData: {} });
    expect(status).to.deep.equal({ ok: true, value: { state: 'paid', amount: '10.605', currency: 'USDT' } });
  });

  it('a dropped webhook stays lost: pressing again sends nothing and the page offers no resend', async () => {
    const h = await harness();
    const { request, paymentId } = await created(h, 'mock:lost-webhook');
    await pressButton(h, paymentId, 'pay');
    const again = await pressButton(h, paymentId, 'pay');
    expect(again.status).to.equal(303);
    expect(again.headers?.['location']).to.equal(request.returnUrl);
    const body = (await checkoutPage(h, paymentId)).body ?? '';
    expect(body).to.contain('<dd>paid</dd>');
    expect(body).to.not.contain('<form');
    expect(receiver.received).to.have.length(0);
    expect(dropLines(h)).to.have.length(1);
  });

  it('memo mock:lost-webhook drops only that order: another order is notified as usual', async () => {
    const h = await harness();
    const lost = await created(h, 'mock:lost-webhook');
    const normal = await created(h, 'plain');
    await pressButton(h, lost.paymentId, 'pay');
    await pressButton(h, normal.paymentId, 'pay');
    expect(receiver.received).to.have.length(1);
    expect(receiver.received[0]?.rawBody).to.contain(normal.request.merchantTradeNo);
  });

  it('setting webhook drop: every notification is lost, Fail as well as Pay', async () => {
    const h = await harness({ faults: { webhook: 'drop' } });
    const paid = await created(h);
    const failed = await created(h);
    expect((await pressButton(h, paid.paymentId, 'pay')).status).to.equal(303);
    expect((await pressButton(h, failed.paymentId, 'fail')).status).to.equal(303);
    expect(receiver.received).to.have.length(0);
    expect((await h.store.get<StoredPayment>(`payment:${paid.paymentId}`))?.state).to.equal('paid');
    expect((await h.store.get<StoredPayment>(`payment:${failed.paymentId}`))?.state).to.equal('failed');
    expect(dropLines(h).map((line) => [line.fields['source'], line.fields['type']])).to.deep.equal([
      ['settings', 'payment.succeeded'],
      ['settings', 'payment.failed'],
    ]);
  });

  it('setting webhook deliver (the default) notifies the broker', async () => {
    const h = await harness({ faults: { webhook: 'deliver' } });
    const { paymentId } = await created(h);
    await pressButton(h, paymentId, 'pay');
    expect(receiver.received).to.have.length(1);
    expect(dropLines(h)).to.have.length(0);
  });

  it('is independent of the create fault: mock:lost-webhook leaves faults.create in force', async () => {
    const h = await harness({ faults: { create: 'error' } });
    const result = await h.instance.createCheckout(checkoutRequest({ webhookUrl: receiver.url(), memo: 'mock:lost-webhook' }));
    expect(result.ok).to.equal(false);
  });

  it('combines with mock:decline in one memo: Pay declines and the payment.failed is lost', async () => {
    const h = await harness();
    const { paymentId } = await created(h, 'mock:decline mock:lost-webhook');
    await pressButton(h, paymentId, 'pay');
    expect((await h.store.get<StoredPayment>(`payment:${paymentId}`))?.state).to.equal('failed');
    expect(receiver.received).to.have.length(0);
    expect(dropLines(h)[0]?.fields).to.include({ type: 'payment.failed' });
  });
});
