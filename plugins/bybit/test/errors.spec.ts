import { expect } from 'chai';
import { MemoryStore } from '@mixpay-broker/plugin-api/testing';
import {
  APP_LINK,
  bybit,
  checkoutRequest,
  envelope,
  failure,
  harness,
  MERCHANT_ID,
  PAY_ID,
  payOrder,
  PUBLIC_URL,
  QR,
  WALLET,
} from './fixtures.js';

/**
 * Another broker process finishing the same checkout between our store lookup and our create_pay:
 * the first lookup of the trade finds nothing, and the other process's payment is there right after.
 */
class RacingStore extends MemoryStore {
  private raced = false;
  constructor(private readonly merchantTradeNo: string) {
    super();
  }
  override async get<T>(key: string): Promise<T | null> {
    if (!this.raced && key === `trade:${this.merchantTradeNo}`) {
      this.raced = true;
      const theirs = {
        payId: PAY_ID,
        merchantTradeNo: this.merchantTradeNo,
        qrContent: QR,
        checkoutLink: APP_LINK,
        amount: '10.605',
        currency: 'USDT',
        expiresAt: '2025-06-01T12:30:00.000Z',
        returnUrl: `${PUBLIC_URL}/r`,
        createdAt: '2025-06-01T12:00:00.000Z',
      };
      await this.put(`payment:${PAY_ID}`, theirs);
      await this.put(key, PAY_ID);
      return null;
    }
    return super.get<T>(key);
  }
}

const CODES = [
  { code: 400002, reason: 'rejected', retryable: false },
  { code: 400003, reason: 'rejected', retryable: true },
  { code: 400004, reason: 'not_found', retryable: false },
  { code: 400603, reason: 'rejected', retryable: false },
  { code: 400621, reason: 'rejected', retryable: false },
  { code: 500000, reason: 'unavailable', retryable: true },
  { code: 500103, reason: 'rejected', retryable: false },
  { code: 500105, reason: 'rejected', retryable: false },
  { code: 499999, reason: 'rejected', retryable: false },
] as const;

describe('bybit error answers', () => {
  for (const { code, reason, retryable } of CODES) {
    it(`turns retCode ${code} into ${reason} (retryable: ${retryable}) with Bybit's code and message`, async () => {
      const h = await harness();
      bybit()
        .post('/v5/bybitpay/create_pay')
        .reply(200, failure(code, `message ${code}`));
      const created = await h.instance.createCheckout(checkoutRequest());
      expect(created.ok).to.equal(false);
      if (created.ok) return;
      expect(created.error).to.include({ reason, retryable, providerCode: String(code) });
      expect(created.error.message).to.contain(`message ${code}`);
    });
  }

  it('logs a refusal with its code', async () => {
    const h = await harness();
    bybit().post('/v5/bybitpay/create_pay').reply(200, failure(400621, 'wrong amount'));
    await h.instance.createCheckout(checkoutRequest());
    expect(h.logger.lines.some((l) => l.level === 'warn' && l.fields['ret_code'] === '400621')).to.equal(true);
  });

  it('recovers a duplicate merchantTradeNo (400620) from the stored payment', async () => {
    const request = checkoutRequest();
    const h = await harness({}, new RacingStore(request.merchantTradeNo));
    bybit().post('/v5/bybitpay/create_pay').reply(200, failure(400620, 'duplicate'));
    const created = await h.instance.createCheckout(request);
    expect(created).to.deep.include({ ok: true });
    if (created.ok)
      expect(created.value).to.include({
        paymentId: PAY_ID,
        deepLink: APP_LINK,
        checkoutUrl: `${PUBLIC_URL}/plugins/${WALLET}/checkout/${PAY_ID}`,
      });
  });

  it('answers a duplicate with nothing stored as a failure naming the payment Bybit has, found by merchantTradeNo', async () => {
    const h = await harness();
    const request = checkoutRequest();
    bybit().post('/v5/bybitpay/create_pay').reply(200, failure(400620, 'duplicate'));
    const query = bybit()
      .get('/v5/bybitpay/pay_result')
      .query({ merchantId: MERCHANT_ID, paymentType: 'E_COMMERCE', merchantTradeNo: request.merchantTradeNo })
      .reply(200, envelope({ order: payOrder('INIT', { merchantTradeNo: request.merchantTradeNo }) }));
    const created = await h.instance.createCheckout(request);
    expect(query.isDone()).to.equal(true);
    expect(created.ok).to.equal(false);
    if (created.ok) return;
    expect(created.error).to.include({ reason: 'rejected', retryable: false, providerCode: '400620' });
    expect(created.error.message).to.contain(PAY_ID);
  });

  // Both answer every attempt alike: create_pay is retried after a timeout and after 5xx.
  it('reports no answer within requestTimeoutMs as a retryable timeout', async () => {
    const h = await harness({ requestTimeoutMs: 50 });
    bybit().persist().post('/v5/bybitpay/create_pay').delay(500).reply(200, envelope({}));
    const created = await h.instance.createCheckout(checkoutRequest());
    expect(created.ok).to.equal(false);
    if (!created.ok) expect(created.error).to.include({ reason: 'timeout', retryable: true });
  });

  it('reports an HTTP 502 page as retryable unavailable', async () => {
    const h = await harness();
    bybit().persist().post('/v5/bybitpay/create_pay').reply(502, '<html>bad gateway</html>');
    const created = await h.instance.createCheckout(checkoutRequest());
    expect(created.ok).to.equal(false);
    if (!created.ok) expect(created.error).to.include({ reason: 'unavailable', retryable: true, providerCode: 'HTTP 502' });
  });

  it('reports a 200 answer that is not a Bybit envelope as invalid_response', async () => {
    const h = await harness();
    bybit().post('/v5/bybitpay/create_pay').reply(200, 'OK');
    const created = await h.instance.createCheckout(checkoutRequest());
    expect(created.ok).to.equal(false);
    if (!created.ok) expect(created.error).to.include({ reason: 'invalid_response', retryable: false });
  });
});
