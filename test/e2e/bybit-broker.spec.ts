import { expectNoSecretsIn } from '@mixpay-broker/plugin-api/testing';
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import nock from 'nock';
import type { OrderView } from '../../src/application/operations/get-order-view.query.js';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { ADMIN_BEARER, orderView, statusesOf } from '../support/admin-orders.js';
import { binanceAccount, binanceWalletEntry, envOf } from '../support/binance-pay-fake.js';
import { decodeEntities, textOfClass } from '../support/browser.js';
import {
  BYBIT_PATH,
  BYBIT_URL,
  OTHER_KEYS,
  QR,
  appLinkOf,
  bybitAccount,
  bybitEnv,
  bybitWalletEntry,
  deliverBybitWebhook,
  envelope,
  expectBybitSigned,
  newPayId,
  paymentNotification,
  recordCalls,
  type RecordedCall,
} from '../support/bybit-pay-fake.js';
import { expectCheckout, expectEnvelope } from '../support/envelope-assertions.js';
import { MIXPAY_BOT, PAYEE, USDT, orderRequest, testConfig } from '../support/fixtures.js';
import { assetsRange, createOrder } from '../support/mixpay-client.js';
import { openSettlementDb, type SettlementDb } from '../support/settlement-db.js';
import { settlementSteps, type SettlementSteps } from '../support/settlement-steps.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import { TestClock } from '../support/test-clock.js';

/*
 * Bybit Pay end to end: a whole broker with a `bybit` wallet talking to a fake Bybit Pay (nock on
 * BYBIT_URL), its credentials and platform key read from the environment through {"env": …}.
 * Bybit has no browser checkout page, so the plugin serves one under the broker and hands that out.
 *
 * Orders are 10 USDT at a 1 % fee: the payer pays 10.1 USDT.
 */

const ACCOUNT = bybitAccount('BYBIT');
const USDT_TERMS = { min: '1', max: '1000', fee: '0.01', currency: 'USDT' } as const;
const AMOUNT = '10';
const PAY_AMOUNT = new Decimal(AMOUNT).times(new Decimal(1).plus(USDT_TERMS.fee));

interface BybitOrder {
  readonly request: Record<string, unknown>;
  readonly traceId: string;
  readonly tradeNo: string;
  readonly payId: string;
  readonly answer: Awaited<ReturnType<typeof createOrder>>;
  readonly createCall: RecordedCall;
}

describe('Bybit Pay wallet in a whole broker (bybit against a fake Bybit Pay)', () => {
  const clock = new TestClock();
  let t: TestBroker;
  let db: SettlementDb;
  let steps: SettlementSteps;

  before(async () => {
    t = await startTestBroker({
      config: testConfig({ wallets: { bybit: bybitWalletEntry(ACCOUNT, { assets: { [USDT]: USDT_TERMS } }) } }),
      adminToken: ADMIN_BEARER,
      clock,
      processEnv: bybitEnv(ACCOUNT),
    });
    db = await openSettlementDb();
    steps = settlementSteps(t);
  });
  after(async () => {
    await db.close();
    await t.close();
  });

  const deadline = (seconds: number): string => String(Math.floor(clock.now().getTime() / 1000) + seconds);

  /** create_order for 10 USDT on bybit, answered by the fake create_pay with a fresh payId. */
  async function openOrder(overrides: Record<string, unknown> = {}): Promise<BybitOrder> {
    const payId = newPayId();
    const request = orderRequest({
      wallet: 'bybit',
      payee_id: PAYEE,
      asset_id: USDT,
      amount: AMOUNT,
      expired_at: deadline(900),
      ...overrides,
    });
    const scope = nock(BYBIT_URL)
      .post(BYBIT_PATH.create)
      .reply(
        200,
        envelope({
          payId,
          terminalType: 'WEB',
          expireTime: Number(request.expired_at),
          checkoutLink: appLinkOf(payId),
          qrContent: QR,
          order: { payId, status: 'INIT', amount: PAY_AMOUNT.toFixed(8), currency: 'USDT' },
        }),
      );
    const calls = recordCalls(scope);
    const answer = await createOrder(t.url, request);
    if (answer.body.code !== 0) throw new Error(`create_order on bybit answered ${answer.body.code}: ${answer.body.message}`);
    scope.done();
    expect(calls, 'create_pay calls').to.have.length(1);
    const traceId = String(request.trace_id);
    return { request, traceId, tradeNo: traceId.replaceAll('-', ''), payId, answer, createCall: calls[0]! };
  }

  /** Bybit's PAY_SUCCESS for an order, paid in full now (by the broker's clock). */
  const paySuccessOf = (o: BybitOrder): string =>
    paymentNotification({
      merchantId: ACCOUNT.merchantId,
      tradeNo: o.tradeNo,
      payId: o.payId,
      status: 'PAY_SUCCESS',
      amount: PAY_AMOUNT.toFixed(8),
      currency: 'USDT',
      paidAtSeconds: Math.floor(clock.now().getTime() / 1000),
    });

  const deliver = (rawBody: string, options: { privateKey?: string; signedBody?: string } = {}) =>
    deliverBybitWebhook(t.url, 'bybit', rawBody, { at: clock.now(), ...options });

  describe('create_order', () => {
    let o: BybitOrder;
    let body: Record<string, unknown>;
    before(async () => {
      o = await openOrder();
      body = JSON.parse(o.createCall.body) as Record<string, unknown>;
    });

    it('signs create_pay with the X-BAPI headers of the configured key and secret', () => {
      expectBybitSigned(o.createCall, ACCOUNT);
    });

    it('sends an E_COMMERCE create_pay for amount + fee under the trace id without dashes', () => {
      expect(body).to.include({ merchantId: ACCOUNT.merchantId, paymentType: 'E_COMMERCE', merchantTradeNo: o.tradeNo, currency: 'USDT' });
      expect(body.orderAmount).to.be.a('string');
      expect(new Decimal(body.orderAmount as string).toString()).to.equal(PAY_AMOUNT.toString());
      expect(body.orderExpireTime).to.equal(Number(o.request.expired_at));
    });

    it("sends the broker's return route as successUrl and failedUrl, and /webhooks/bybit as webhookUrl", () => {
      expect(body.successUrl).to.equal(`${t.url}/return/${o.traceId}`);
      expect(body.failedUrl).to.equal(`${t.url}/return/${o.traceId}`);
      expect(body.webhookUrl).to.equal(`${t.url}/webhooks/bybit`);
    });

    it("answers checkout_url = the broker's own page /plugins/bybit/checkout/<payId> and deep_link = the app link", () => {
      expectCheckout(o.answer);
      expect(o.answer.body.data).to.deep.equal({
        checkout_url: `${t.url}/plugins/bybit/checkout/${o.payId}`,
        deep_link: appLinkOf(o.payId),
        universal_url: '',
      });
    });

    it("serves the checkout page: HTML with Bybit's QR image, amount + fee in USDT and the app link", async () => {
      const res = await fetch(o.answer.body.data.checkout_url);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.contain('text/html');
      const html = await res.text();
      const [amount = '', currency = ''] = (textOfClass(html, 'amount') ?? '').split(/\s+/);
      expect(new Decimal(amount || '0').toString(), `page shows "${amount}"`).to.equal(PAY_AMOUNT.toString());
      expect(currency).to.equal('USDT');
      const img = /<img\b[^>]*\bsrc="([^"]*)"/.exec(html);
      expect(img && decodeEntities(img[1]!), 'QR image').to.equal(QR);
      const hrefs = [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((m) => decodeEntities(m[1]!));
      expect(hrefs).to.include(appLinkOf(o.payId));
    });

    it('keeps the payId with the order, awaiting payment', async () => {
      const view = await orderView(t.url, o.traceId);
      expect(view).to.include({ wallet: 'bybit', status: 'awaiting_payment', payment_id: o.payId });
    });
  });

  describe('webhooks', () => {
    it("answers a PAY_SUCCESS signed with Bybit's platform key with 200 text/plain success and marks the order paid", async () => {
      const o = await openOrder();
      const answer = await deliver(paySuccessOf(o));
      expect(answer.status).to.equal(200);
      expect(answer.contentType).to.contain('text/plain');
      expect(answer.text).to.equal('success');
      expect((await orderView(t.url, o.traceId)).status).to.equal('paid');
    });

    it('settles a paid order to MixPay: the order amount to the opponent with the memo', async () => {
      const o = await openOrder();
      expect((await deliver(paySuccessOf(o))).status).to.equal(200);
      expect(await steps.settle()).to.be.greaterThan(0);
      expect((await orderView(t.url, o.traceId)).status).to.equal('settled');
      const transfers = (await db.sandboxTransfers()).filter((r) => r.request_id === o.traceId);
      expect(transfers).to.have.length(1);
      expect(new Decimal(transfers[0]!.amount).toString()).to.equal(new Decimal(AMOUNT).toString());
      expect(transfers[0]).to.include({ opponent_id: MIXPAY_BOT, memo: o.request.memo });
    });

    it('refuses a PAY_SUCCESS signed with a key other than the platform key with 401, and changes nothing', async () => {
      const o = await openOrder();
      const before = await orderView(t.url, o.traceId);
      const answer = await deliver(paySuccessOf(o), { privateKey: OTHER_KEYS.privateKey });
      expect(answer.status).to.equal(401);
      expect(await orderView(t.url, o.traceId)).to.deep.equal(before);
    });

    it('refuses a PAY_SUCCESS whose body was changed after signing with 401, and changes nothing', async () => {
      const o = await openOrder();
      const before = await orderView(t.url, o.traceId);
      const sent = paySuccessOf(o);
      const answer = await deliver(sent, { signedBody: sent.replace(`"amount":"${PAY_AMOUNT.toFixed(8)}"`, '"amount":"0.01000000"') });
      expect(answer.status).to.equal(401);
      expect(await orderView(t.url, o.traceId)).to.deep.equal(before);
    });
  });

  describe('a late PAY_SUCCESS, refunded through Bybit', () => {
    let o: BybitOrder;
    let ack: { status: number; text: string };
    let view: OrderView;
    before(async () => {
      o = await openOrder({ expired_at: deadline(120) });
      clock.advance(180_000); // past expired_at
      ack = await deliver(paySuccessOf(o));
      view = await orderView(t.url, o.traceId);
    });

    it('acknowledges the notification', () => {
      expect(ack.status).to.equal(200);
      expect(ack.text).to.equal('success');
    });

    it('moves the order to refund_pending through expired, never paid, and queues a refund of amount + fee', () => {
      expect(view.status).to.equal('refund_pending');
      expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment', 'expired', 'refund_pending']);
      expect(view.transfer).to.equal(null);
      expect(view.refund).to.include({ kind: 'late_payment', state: 'pending', currency: 'USDT' });
      expect(new Decimal(view.refund!.amount).toString()).to.equal(PAY_AMOUNT.toString());
    });

    describe('then refundPayers runs', () => {
      let calls: RecordedCall[];
      let refunded: OrderView;
      const BYBIT_REFUND_ID = 'RF01JY2KM5QNPXR8S4HTJZT9BC14';
      before(async () => {
        const refundId = view.refund!.refund_id;
        const scope = nock(BYBIT_URL)
          .post(BYBIT_PATH.refund)
          .reply(
            200,
            envelope({
              refundOrders: [
                {
                  refundId: BYBIT_REFUND_ID,
                  refundType: 'MERCHNT_SELF_REFUND',
                  merchantTradeNo: o.tradeNo,
                  merchantRefundNo: refundId,
                  payId: o.payId,
                  refundStatus: 'REFUND_SUCCESS',
                  refundCurrency: 'USDT',
                  amount: PAY_AMOUNT.toFixed(8),
                  createTime: Math.floor(clock.now().getTime() / 1000),
                },
              ],
            }),
          );
        calls = recordCalls(scope);
        await steps.refundPayers();
        scope.done();
        refunded = await orderView(t.url, o.traceId);
      });

      it("sends one signed refund item: the payId, the broker's refund id as merchantRefundNo, amount + fee", () => {
        expect(calls).to.have.length(1);
        expectBybitSigned(calls[0]!, ACCOUNT);
        const body = JSON.parse(calls[0]!.body) as { merchantId: string; list: Record<string, unknown>[] };
        expect(body.merchantId).to.equal(ACCOUNT.merchantId);
        expect(body.list).to.have.length(1);
        expect(body.list[0]).to.include({ refundType: 'MERCHNT_SELF_REFUND', payId: o.payId, merchantRefundNo: view.refund!.refund_id });
        expect(new Decimal(body.list[0]!.refundAmount as string).toString()).to.equal(PAY_AMOUNT.toString());
      });

      it("marks the order refunded and the refund succeeded, with Bybit's refund id", () => {
        expect(refunded.status).to.equal('refunded');
        expect(refunded.refund).to.include({ state: 'succeeded', attempts: 1, provider_refund_id: BYBIT_REFUND_ID });
      });
    });
  });

  describe('the broker log', () => {
    it('never carries the API secret', () => {
      expectNoSecretsIn(t.logs.lines, { apiSecret: ACCOUNT.apiSecret }, 20);
    });
  });
});

describe('Bybit Pay: bybit enabled without its secret variable, next to a working binance wallet', () => {
  const binance = binanceAccount('BINANCE');
  let t: TestBroker;
  before(async () => {
    const env = { ...bybitEnv(ACCOUNT), ...envOf(binance) };
    delete env[ACCOUNT.vars.apiSecret];
    const config: BrokerConfigInput = testConfig({
      wallets: {
        bybit: bybitWalletEntry(ACCOUNT, { assets: { [USDT]: USDT_TERMS } }),
        binance: binanceWalletEntry(binance, { assets: { [USDT]: USDT_TERMS } }),
      },
    });
    t = await startTestBroker({ config, adminToken: ADMIN_BEARER, processEnv: env });
  });
  after(async () => t.close());

  it('is out of service alone: assets/range is empty for bybit', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'bybit' });
    expectEnvelope(res);
    expect(res.body).to.deep.equal({ code: 0, success: true, message: '', data: [] });
    expect(t.broker.plugins.state('bybit')?.status).to.equal('invalid_settings');
  });

  it('leaves the binance wallet serving', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'binance' });
    expectEnvelope(res);
    expect(res.body.data.map((r) => r.asset_id)).to.deep.equal([USDT]);
    expect(t.broker.plugins.state('binance')?.status).to.equal('active');
  });

  it('logs one error line, naming bybit and the missing variable', () => {
    const naming = t.logs.records().filter((r) => JSON.stringify(r).includes(ACCOUNT.vars.apiSecret));
    expect(naming, 'log lines naming the variable').to.have.length(1);
    expect(naming[0]).to.include({ level: 'error', wallet: 'bybit' });
    expect(String(naming[0]!['msg'])).to.contain(ACCOUNT.vars.apiSecret);
  });
});
