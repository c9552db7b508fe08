import { expect } from 'chai';
import { harness, notification, OTHER_KEYS, PAY_ID, type Harness } from './fixtures.js';

const TRADE = '0b4e2a3c111142228333000000000001';

/** A payment notification as Bybit sends it: the flat PayOrder plus paymentType, times in seconds. */
const paymentBody = (status: string, extra = ''): string =>
  `{"paymentType":"E_COMMERCE","merchantId":"305142568","merchantTradeNo":"${TRADE}","payId":"${PAY_ID}","status":"${status}",` +
  `"amount":"10.605","currency":"USDT","currencyType":"crypto","createTime":1748779100,"paymentTime":1748779150,"finishTime":1748779160${extra}}`;

const verify = (h: Harness, rawBody: string, options: Parameters<typeof notification>[2] = {}) =>
  h.instance.verifyWebhook(notification(rawBody, h.clock, options));

describe('bybit verifyWebhook', () => {
  it('accepts a notification signed with the platform key and answers 200 text/plain "success"', async () => {
    const h = await harness();
    const result = await verify(h, paymentBody('PAY_SUCCESS'));
    expect(result.ok).to.equal(true);
    if (result.ok) expect(result.value.ack).to.deep.equal({ status: 200, contentType: 'text/plain', body: 'success' });
  });

  it('reads PAY_SUCCESS as payment.succeeded with payId:status as event id and the payment time', async () => {
    const h = await harness();
    const result = await verify(h, paymentBody('PAY_SUCCESS'));
    expect(result.ok && result.value.event).to.deep.equal({
      eventId: `${PAY_ID}:PAY_SUCCESS`,
      kind: 'payment.succeeded',
      merchantTradeNo: TRADE,
      paymentId: PAY_ID,
      amount: '10.605',
      currency: 'USDT',
      occurredAt: new Date(1748779150 * 1000),
    });
  });

  it('keeps every digit of an amount written as a JSON number', async () => {
    const h = await harness();
    const body = `{"paymentType":"E_COMMERCE","merchantTradeNo":"${TRADE}","payId":"${PAY_ID}","status":"PAY_SUCCESS","amount":10.60500000,"currency":"USDT","paymentTime":1748779150}`;
    const result = await verify(h, body);
    expect(result.ok && result.value.event?.amount).to.equal('10.60500000');
  });

  const KINDS = [
    ['TIMEOUT', 'payment.expired'],
    ['PAY_FAILED', 'payment.failed'],
    ['REFUND_SUCCESS', 'refund.succeeded'],
  ] as const;
  for (const [status, kind] of KINDS) {
    it(`reads ${status} as ${kind}`, async () => {
      const h = await harness();
      const result = await verify(h, paymentBody(status));
      expect(result.ok && result.value.event).to.include({ kind, eventId: `${PAY_ID}:${status}` });
    });
  }

  it('acknowledges and ignores an INIT notification', async () => {
    const h = await harness();
    const result = await verify(h, paymentBody('INIT'));
    expect(result.ok && result.value.event).to.equal(null);
  });

  for (const [refundStatus, kind] of [
    ['REFUND_SUCCESS', 'refund.succeeded'],
    ['REFUND_FAILED', 'refund.failed'],
  ] as const) {
    it(`reads an E_COMMERCE_REFUND notification with ${refundStatus} as ${kind} naming our refund`, async () => {
      const h = await harness();
      const body =
        `{"paymentType":"E_COMMERCE_REFUND","refundId":"RF01","refundType":"MERCHNT_SELF_REFUND","merchantTradeNo":"${TRADE}",` +
        `"merchantRefundNo":"rf-1","payId":"${PAY_ID}","refundStatus":"${refundStatus}","refundCurrency":"USDT","amount":"5.5","createTime":1748779000}`;
      const result = await verify(h, body);
      expect(result.ok && result.value.event).to.deep.equal({
        eventId: `${PAY_ID}:${refundStatus}:rf-1`,
        kind,
        merchantTradeNo: TRADE,
        paymentId: PAY_ID,
        refundId: 'rf-1',
        amount: '5.5',
        currency: 'USDT',
        occurredAt: new Date(1748779000 * 1000),
      });
    });
  }

  it('refuses a tampered body', async () => {
    const h = await harness();
    const request = notification(paymentBody('PAY_SUCCESS'), h.clock);
    const result = await h.instance.verifyWebhook({ ...request, rawBody: request.rawBody.replace('10.605', '99.605') });
    expect(result).to.deep.include({ ok: false });
    if (!result.ok) expect(result.error.reason).to.equal('bad_signature');
  });

  it('refuses a notification signed with another key', async () => {
    const h = await harness();
    const result = await verify(h, paymentBody('PAY_SUCCESS'), { privateKey: OTHER_KEYS.privateKey });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('bad_signature');
  });

  it('refuses a timestamp older than webhookToleranceSeconds as stale', async () => {
    const h = await harness({ webhookToleranceSeconds: 300 });
    const result = await verify(h, paymentBody('PAY_SUCCESS'), { timestamp: String(h.clock.unixSeconds() - 301) });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('stale');
  });

  it('accepts a timestamp just inside webhookToleranceSeconds', async () => {
    const h = await harness({ webhookToleranceSeconds: 300 });
    const result = await verify(h, paymentBody('PAY_SUCCESS'), { timestamp: String(h.clock.unixSeconds() - 300) });
    expect(result.ok).to.equal(true);
  });

  it('refuses the second delivery of one signed notification (replay)', async () => {
    const h = await harness();
    const request = notification(paymentBody('PAY_SUCCESS'), h.clock);
    const first = await h.instance.verifyWebhook(request);
    const second = await h.instance.verifyWebhook(request);
    expect(first.ok).to.equal(true);
    expect(second.ok).to.equal(false);
    if (!second.ok) expect(second.error.message).to.contain('replay');
  });

  it('refuses missing headers and a timestamp in milliseconds', async () => {
    const h = await harness();
    const missing = await h.instance.verifyWebhook({ rawBody: paymentBody('PAY_SUCCESS'), headers: {}, receivedAt: h.clock.now() });
    const millis = await verify(h, paymentBody('PAY_SUCCESS'), { timestamp: String(h.clock.now().getTime()) });
    expect([missing, millis].map((r) => !r.ok && r.error.reason)).to.deep.equal(['bad_signature', 'bad_signature']);
  });

  it('refuses a signed body that does not fit the format as malformed', async () => {
    const h = await harness();
    const result = await verify(h, `{"paymentType":"E_COMMERCE","payId":"${PAY_ID}","status":"PAY_SUCCESS"}`);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.reason).to.equal('malformed');
  });

  it('acknowledges and ignores a signed notification of a payment type it does not handle', async () => {
    const h = await harness();
    const result = await verify(h, `{"paymentType":"MERCHANT_PAYOUT","payId":"${PAY_ID}","status":"PAY_SUCCESS"}`);
    expect(result.ok && result.value.event).to.equal(null);
  });
});
