import { expect } from 'chai';
import { buildEventBody, signMockWebhook } from '../src/transformers.js';
import { harness, SECRET } from './fixtures.js';

const payment = { paymentId: 'pay123', merchantTradeNo: 'trade123', amount: '10.605', currency: 'USDT' };

describe('mock verifyWebhook', () => {
  it('accepts a correctly signed body and maps it to a wallet event', async () => {
    const { instance, clock } = await harness();
    const rawBody = buildEventBody('evt_1', 'payment.succeeded', payment);
    const t = clock.unixSeconds();
    const result = await instance.verifyWebhook({
      rawBody,
      headers: { 'x-mock-signature': signMockWebhook(SECRET, rawBody, t) },
      receivedAt: clock.now(),
    });
    expect(result).to.deep.equal({
      ok: true,
      value: {
        event: {
          eventId: 'evt_1',
          kind: 'payment.succeeded',
          merchantTradeNo: 'trade123',
          paymentId: 'pay123',
          amount: '10.605',
          currency: 'USDT',
          occurredAt: new Date(t * 1000),
        },
        ack: { status: 200, contentType: 'application/json', body: '{"received":true}' },
      },
    });
  });

  for (const type of ['payment.failed', 'payment.expired'] as const) {
    it(`maps ${type} to the same kind`, async () => {
      const { instance, clock } = await harness();
      const rawBody = buildEventBody('evt_2', type, payment);
      const result = await instance.verifyWebhook({
        rawBody,
        headers: { 'x-mock-signature': signMockWebhook(SECRET, rawBody, clock.unixSeconds()) },
        receivedAt: clock.now(),
      });
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value.event?.kind).to.equal(type);
    });
  }

  it('refuses a body signed with another secret', async () => {
    const { instance, clock } = await harness();
    const rawBody = buildEventBody('evt_1', 'payment.succeeded', payment);
    const result = await instance.verifyWebhook({
      rawBody,
      headers: { 'x-mock-signature': signMockWebhook('another-secret-0123456789', rawBody, clock.unixSeconds()) },
      receivedAt: clock.now(),
    });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('bad_signature');
  });

  it('refuses a body altered after signing', async () => {
    const { instance, clock } = await harness();
    const rawBody = buildEventBody('evt_1', 'payment.succeeded', payment);
    const header = signMockWebhook(SECRET, rawBody, clock.unixSeconds());
    const result = await instance.verifyWebhook({
      rawBody: rawBody.replace('10.605', '99.605'),
      headers: { 'x-mock-signature': header },
      receivedAt: clock.now(),
    });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('bad_signature');
  });

  it('refuses a genuine signature older than the tolerance as stale', async () => {
    const { instance, clock } = await harness({ webhookToleranceSeconds: 300 });
    const rawBody = buildEventBody('evt_1', 'payment.succeeded', payment);
    const header = signMockWebhook(SECRET, rawBody, clock.unixSeconds() - 301);
    const result = await instance.verifyWebhook({ rawBody, headers: { 'x-mock-signature': header }, receivedAt: clock.now() });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('stale');
  });

  it('refuses a signature from beyond the tolerance in the future as stale', async () => {
    const { instance, clock } = await harness({ webhookToleranceSeconds: 300 });
    const rawBody = buildEventBody('evt_1', 'payment.succeeded', payment);
    const header = signMockWebhook(SECRET, rawBody, clock.unixSeconds() + 301);
    const result = await instance.verifyWebhook({ rawBody, headers: { 'x-mock-signature': header }, receivedAt: clock.now() });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('stale');
  });

  it('calls an old forged signature bad_signature, not stale', async () => {
    const { instance, clock } = await harness();
    const rawBody = buildEventBody('evt_1', 'payment.succeeded', payment);
    const header = signMockWebhook('another-secret-0123456789', rawBody, clock.unixSeconds() - 3600);
    const result = await instance.verifyWebhook({ rawBody, headers: { 'x-mock-signature': header }, receivedAt: clock.now() });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('bad_signature');
  });

  it('accepts a signature exactly at the edge of the tolerance', async () => {
    const { instance, clock } = await harness({ webhookToleranceSeconds: 300 });
    const rawBody = buildEventBody('evt_1', 'payment.succeeded', payment);
    const header = signMockWebhook(SECRET, rawBody, clock.unixSeconds() - 300);
    const result = await instance.verifyWebhook({ rawBody, headers: { 'x-mock-signature': header }, receivedAt: clock.now() });
    expect(result.ok).to.equal(true);
  });

  it('refuses a request without the signature header', async () => {
    const { instance, clock } = await harness();
    const rawBody = buildEventBody('evt_1', 'payment.succeeded', payment);
    const result = await instance.verifyWebhook({ rawBody, headers: {}, receivedAt: clock.now() });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('bad_signature');
  });

  for (const header of ['garbage', 't=abc,v1=' + 'a'.repeat(64), `t=1e9,v1=${'a'.repeat(64)}`, 't=1748779200,v1=xyz']) {
    it(`refuses an unparseable signature header: ${header.slice(0, 24)}`, async () => {
      const { instance, clock } = await harness();
      const rawBody = buildEventBody('evt_1', 'payment.succeeded', payment);
      const result = await instance.verifyWebhook({ rawBody, headers: { 'x-mock-signature': header }, receivedAt: clock.now() });
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.error.reason).to.equal('bad_signature');
    });
  }

  it('refuses malformed JSON that carries a valid signature as malformed', async () => {
    const { instance, clock } = await harness();
    const rawBody = '{"id":"evt_1","type":';
    const result = await instance.verifyWebhook({
      rawBody,
      headers: { 'x-mock-signature': signMockWebhook(SECRET, rawBody, clock.unixSeconds()) },
      receivedAt: clock.now(),
    });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('malformed');
  });

  it('refuses a signed event whose data lacks the trade reference as malformed', async () => {
    const { instance, clock } = await harness();
    const rawBody = JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', data: { payment_id: 'p', amount: '1', currency: 'USDT' } });
    const result = await instance.verifyWebhook({
      rawBody,
      headers: { 'x-mock-signature': signMockWebhook(SECRET, rawBody, clock.unixSeconds()) },
      receivedAt: clock.now(),
    });
    expect(result.ok).to.equal(false);
    if (!result.ok)
      expect(result.error).to.include({ reason: 'malformed' }).and.have.property('message').that.contains('merchant_trade_no');
  });

  it('refuses a signed event whose amount is not a plain decimal as malformed', async () => {
    const { instance, clock } = await harness();
    const rawBody = buildEventBody('evt_1', 'payment.succeeded', { ...payment, amount: '1e3' });
    const result = await instance.verifyWebhook({
      rawBody,
      headers: { 'x-mock-signature': signMockWebhook(SECRET, rawBody, clock.unixSeconds()) },
      receivedAt: clock.now(),
    });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('malformed');
  });

  it('acknowledges a signed event of an unknown type with no event', async () => {
    const { instance, clock } = await harness();
    const rawBody = JSON.stringify({ id: 'evt_9', type: 'account.updated', data: {} });
    const result = await instance.verifyWebhook({
      rawBody,
      headers: { 'x-mock-signature': signMockWebhook(SECRET, rawBody, clock.unixSeconds()) },
      receivedAt: clock.now(),
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.event).to.equal(null);
    expect(result.value.ack.status).to.equal(200);
  });
});
