import { expect } from 'chai';
import type { StoredPayment } from '../src/store.js';
import {
  checkoutPage as page,
  checkoutRequest,
  harness,
  pressButton as press,
  unreachableUrl,
  WALLET,
  WebhookReceiver,
  type Harness,
} from './fixtures.js';

describe('mock checkout routes', () => {
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });

  afterEach(async () => {
    await receiver.close();
  });

  /** A pending payment whose webhooks go to the local receiver. */
  const created = async (h: Harness, memo = 'order memo') => {
    const request = checkoutRequest({ webhookUrl: receiver.url(), memo });
    const result = await h.instance.createCheckout(request);
    if (!result.ok) throw new Error(result.error.message);
    return { request, paymentId: result.value.paymentId };
  };

  const stored = async (h: Harness, paymentId: string) => h.store.get<StoredPayment>(`payment:${paymentId}`);

  /** The delivered webhook, verified by the plugin itself: proves the signature is sound. */
  const verified = async (h: Harness, index = 0) => {
    const delivery = receiver.received[index];
    if (!delivery) throw new Error(`no delivery #${index}`);
    const result = await h.instance.verifyWebhook({ rawBody: delivery.rawBody, headers: delivery.headers, receivedAt: h.clock.now() });
    if (!result.ok) throw new Error(`delivery #${index} does not verify: ${result.error.reason} ${result.error.message}`);
    return result.value.event;
  };

  describe('GET /checkout/:payment', () => {
    it('shows the amount, currency, trade reference and the two forms', async () => {
      const h = await harness();
      const { request, paymentId } = await created(h);
      const response = await page(h, paymentId);
      expect(response.status).to.equal(200);
      expect(response.contentType).to.match(/^text\/html/);
      expect(response.body).to.contain('10.605 USDT');
      expect(response.body).to.contain(request.merchantTradeNo);
      expect(response.body).to.contain(`<form method="post" action="https://broker.test/plugins/${WALLET}/checkout/${paymentId}/pay">`);
      expect(response.body).to.contain(`<form method="post" action="https://broker.test/plugins/${WALLET}/checkout/${paymentId}/fail">`);
    });

    it('escapes what it shows', async () => {
      const h = await harness();
      const result = await h.instance.createCheckout(checkoutRequest({ currency: '<b>USDT</b>' }));
      if (!result.ok) throw new Error(result.error.message);
      const response = await page(h, result.value.paymentId);
      expect(response.body).to.contain('&lt;b&gt;USDT&lt;/b&gt;');
      expect(response.body).to.not.contain('<b>USDT</b>');
    });

    it('after Pay, shows the state and a link back instead of the buttons', async () => {
      const h = await harness();
      const { request, paymentId } = await created(h);
      await press(h, paymentId, 'pay');
      const body = (await page(h, paymentId)).body ?? '';
      expect(body).to.contain('<dd>paid</dd>');
      expect(body).to.contain(`<a href="${request.returnUrl}">`);
      expect(body).to.not.contain('<form');
    });

    it('after a failed delivery, offers to resend the notification', async () => {
      const h = await harness();
      const { paymentId } = await created(h);
      receiver.status = 500;
      await press(h, paymentId, 'pay');
      const body = (await page(h, paymentId)).body ?? '';
      expect(body).to.contain(`<form method="post" action="https://broker.test/plugins/${WALLET}/checkout/${paymentId}/pay">`);
      expect(body).to.contain('Resend notification');
    });

    it('answers 404 for an unknown payment', async () => {
      const h = await harness();
      const response = await page(h, 'nope');
      expect(response.status).to.equal(404);
      expect(response.contentType).to.match(/^text\/html/);
    });
  });

  describe('POST /checkout/:payment/pay', () => {
    it('posts a correctly signed payment.succeeded to the webhook URL, then answers 303 to the return URL', async () => {
      const h = await harness();
      const { request, paymentId } = await created(h);
      const response = await press(h, paymentId, 'pay');
      expect(response.status).to.equal(303);
      expect(response.headers?.['location']).to.equal(request.returnUrl);
      expect(receiver.received).to.have.length(1);
      const [delivery] = receiver.received;
      expect(delivery?.method).to.equal('POST');
      expect(delivery?.url).to.equal('/webhooks/mock_test');
      expect(delivery?.headers['content-type']).to.equal('application/json');
      expect(delivery?.headers['x-mock-signature']).to.match(new RegExp(`^t=${h.clock.unixSeconds()},v1=[0-9a-f]{64}$`));
      const event = await verified(h);
      expect(event).to.deep.include({
        kind: 'payment.succeeded',
        merchantTradeNo: request.merchantTradeNo,
        paymentId,
        amount: '10.605',
        currency: 'USDT',
      });
      expect(event?.eventId).to.match(/^evt_[0-9a-f]{32}$/);
    });

    it('marks the payment paid', async () => {
      const h = await harness();
      const { request, paymentId } = await created(h);
      await press(h, paymentId, 'pay');
      expect((await stored(h, paymentId))?.state).to.equal('paid');
      const status = await h.instance.queryPayment({ paymentId, merchantTradeNo: request.merchantTradeNo, providerData: {} });
      expect(status).to.deep.equal({ ok: true, value: { state: 'paid', amount: '10.605', currency: 'USDT' } });
    });

    it('pressed twice, sends one success and redirects both times', async () => {
      const h = await harness();
      const { request, paymentId } = await created(h);
      const first = await press(h, paymentId, 'pay');
      const second = await press(h, paymentId, 'pay');
      expect([first.status, second.status]).to.deep.equal([303, 303]);
      expect(second.headers?.['location']).to.equal(request.returnUrl);
      expect(receiver.received).to.have.length(1);
    });

    it('double-clicked (two presses at once), sends one notification', async () => {
      const h = await harness();
      const { paymentId } = await created(h);
      const answers = await Promise.all([press(h, paymentId, 'pay'), press(h, paymentId, 'pay')]);
      expect(answers.map((a) => a.status)).to.deep.equal([303, 303]);
      expect(receiver.received).to.have.length(1);
    });

    it('with decline in force, sends payment.failed and marks the payment failed', async () => {
      const h = await harness();
      const { paymentId } = await created(h, 'mock:decline');
      const response = await press(h, paymentId, 'pay');
      expect(response.status).to.equal(303);
      expect((await verified(h))?.kind).to.equal('payment.failed');
      expect((await stored(h, paymentId))?.state).to.equal('failed');
      expect(h.logger.at('warn').some((line) => line.fields['fault'] === 'decline' && line.message.includes('pay'))).to.equal(true);
    });

    it('past the deadline, sends payment.expired', async () => {
      const h = await harness();
      const { paymentId } = await created(h);
      h.clock.set(new Date('2025-06-01T12:31:00.000Z'));
      await press(h, paymentId, 'pay');
      expect((await verified(h))?.kind).to.equal('payment.expired');
      expect((await stored(h, paymentId))?.state).to.equal('expired');
    });

    it('after the broker closed the payment, sends nothing and redirects', async () => {
      const h = await harness();
      const { request, paymentId } = await created(h);
      const closed = await h.instance.closePayment({ paymentId, merchantTradeNo: request.merchantTradeNo, providerData: {} });
      expect(closed.ok).to.equal(true);
      const response = await press(h, paymentId, 'pay');
      expect(response.status).to.equal(303);
      expect(receiver.received).to.have.length(0);
    });

    it('when the webhook answers non-2xx, logs an error and shows a 502 page', async () => {
      const h = await harness();
      const { paymentId } = await created(h);
      receiver.status = 500;
      const response = await press(h, paymentId, 'pay');
      expect(response.status).to.equal(502);
      expect(response.contentType).to.match(/^text\/html/);
      expect(h.logger.at('error')).to.have.length(1);
      expect(h.logger.at('error')[0]?.fields).to.include({ paymentId, type: 'payment.succeeded' });
    });

    it('when the webhook URL is unreachable, logs an error and shows a 502 page', async () => {
      const h = await harness();
      const result = await h.instance.createCheckout(checkoutRequest({ webhookUrl: await unreachableUrl() }));
      if (!result.ok) throw new Error(result.error.message);
      const response = await press(h, result.value.paymentId, 'pay');
      expect(response.status).to.equal(502);
      expect(h.logger.at('error')).to.have.length(1);
      expect(h.logger.at('error')[0]?.fields['error']).to.contain('webhook POST failed');
    });

    it('after a failed delivery, pressing again resends the same event and redirects', async () => {
      const h = await harness();
      const { request, paymentId } = await created(h);
      receiver.status = 503;
      expect((await press(h, paymentId, 'pay')).status).to.equal(502);
      receiver.status = 200;
      // Fail after Pay: the payment is already paid, only the notification is outstanding.
      const retry = await press(h, paymentId, 'fail');
      expect(retry.status).to.equal(303);
      expect(retry.headers?.['location']).to.equal(request.returnUrl);
      expect(receiver.received).to.have.length(2);
      const [first, second] = [await verified(h, 0), await verified(h, 1)];
      expect(second?.kind).to.equal('payment.succeeded');
      expect(second?.eventId).to.equal(first?.eventId);
      expect(await press(h, paymentId, 'pay')).to.include({ status: 303 });
      expect(receiver.received).to.have.length(2);
    });

    it('answers 404 for an unknown payment and sends nothing', async () => {
      const h = await harness();
      const response = await press(h, 'nope', 'pay');
      expect(response.status).to.equal(404);
      expect(receiver.received).to.have.length(0);
    });
  });

  describe('POST /checkout/:payment/fail', () => {
    it('posts a signed payment.failed, marks the payment failed and answers 303 to the return URL', async () => {
      const h = await harness();
      const { request, paymentId } = await created(h);
      const response = await press(h, paymentId, 'fail');
      expect(response.status).to.equal(303);
      expect(response.headers?.['location']).to.equal(request.returnUrl);
      expect(await verified(h)).to.deep.include({
        kind: 'payment.failed',
        merchantTradeNo: request.merchantTradeNo,
        paymentId,
        amount: '10.605',
      });
      expect((await stored(h, paymentId))?.state).to.equal('failed');
    });

    it('after Pay, sends nothing more', async () => {
      const h = await harness();
      const { paymentId } = await created(h);
      await press(h, paymentId, 'pay');
      const response = await press(h, paymentId, 'fail');
      expect(response.status).to.equal(303);
      expect(receiver.received).to.have.length(1);
      expect((await stored(h, paymentId))?.state).to.equal('paid');
    });
  });
});
