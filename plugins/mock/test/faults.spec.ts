import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import type { StoredPayment } from '../src/store.js';
import { checkoutRequest, harness } from './fixtures.js';

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
