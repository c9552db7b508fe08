import { expectNoSecretsIn } from '@mixpay-broker/plugin-api/testing';
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import nock from 'nock';
import type { OrderView } from '../../src/application/operations/get-order-view.query.js';
import type { BrokerConfigInput } from '../../src/config/broker-config.schema.js';
import { ADMIN_BEARER, orderView, statusesOf } from '../support/admin-orders.js';
import {
  BINANCE_ACK,
  BINANCE_PATH,
  BINANCE_URL,
  binanceAccount,
  binanceWalletEntry,
  createdAnswer,
  deliverBinanceWebhook,
  envOf,
  expectSignedBy,
  failure,
  interceptCreate,
  payNotification,
  recordRequests,
  refundNotification,
  success,
  testCertificate,
  type BinanceAccount,
  type CreatedLinks,
  type SeenRequest,
} from '../support/binance-pay-fake.js';
import { expectCheckout, expectEnvelope, expectRefused } from '../support/envelope-assertions.js';
import { BTC, MIXPAY_BOT, OTHER_PAYEE, PAYEE, USDT, orderRequest, testConfig } from '../support/fixtures.js';
import { assetsRange, createOrder, type RangeRow } from '../support/mixpay-client.js';
import { openSettlementDb, type SettlementDb } from '../support/settlement-db.js';
import { settlementSteps, type SettlementSteps } from '../support/settlement-steps.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';
import { TestClock } from '../support/test-clock.js';

/*
 * Binance Pay end to end: a whole broker whose `binance` and `binance_jp` wallets (one plugin, two
 * merchant accounts, different payees) talk to a fake Binance Pay (nock on BINANCE_URL). Secrets
 * come from the process environment through {"env": …}. Webhooks are signed with our own RSA key,
 * which the fake serves as Binance's certificate.
 *
 * Orders are 10 USDT. binance charges 1 % (pays 10.1), binance_jp 1.5 % (pays 10.15).
 */

const ACCOUNTS = { binance: binanceAccount('BINANCE'), binance_jp: binanceAccount('BINANCE_JP') } as const;
type BinanceWallet = keyof typeof ACCOUNTS;

const TERMS = {
  binance: {
    [USDT]: { min: '1', max: '500', fee: '0.01', currency: 'USDT' },
    [BTC]: { min: '0.0001', max: '0.05', fee: '0.01', currency: 'BTC' },
  },
  binance_jp: {
    [USDT]: { min: '1', max: '200', fee: '0.015', currency: 'USDT' },
  },
} as const;

/** binance serves everyone; binance_jp only OTHER_PAYEE, on a WAP terminal. */
function binanceConfig(): BrokerConfigInput {
  return testConfig({
    wallets: {
      binance: binanceWalletEntry(ACCOUNTS.binance, { assets: TERMS.binance }),
      binance_jp: binanceWalletEntry(
        ACCOUNTS.binance_jp,
        { payees: { allow: [OTHER_PAYEE] }, assets: TERMS.binance_jp },
        { terminalType: 'WAP' },
      ),
    },
  });
}

const PAYEE_OF: Record<BinanceWallet, string> = { binance: PAYEE, binance_jp: OTHER_PAYEE };
const AMOUNT = '10';
const payAmountOf = (wallet: BinanceWallet): Decimal => new Decimal(AMOUNT).times(new Decimal(1).plus(TERMS[wallet][USDT].fee));

/** An order the broker opened at the fake Binance, with what Binance received and answered. */
interface BinanceOrder {
  readonly wallet: BinanceWallet;
  readonly order: OpenedOrder;
  /** The broker's answer to create_order. */
  readonly answer: Awaited<ReturnType<typeof createOrder>>;
  readonly created: CreatedLinks;
  readonly createCall: SeenRequest;
  readonly payAmount: Decimal;
}

interface OpenedOrder {
  readonly request: Record<string, unknown>;
  readonly traceId: string;
  /** The trace id without dashes: Binance's merchantTradeNo. */
  readonly tradeNo: string;
}

/** Rows of assets/range by asset id, with the numbers as decimals. */
function rowsById(rows: RangeRow[]): Record<string, { min: string; max: string; fee: string }> {
  return Object.fromEntries(
    rows.map((r) => [
      r.asset_id,
      { min: new Decimal(r.min).toString(), max: new Decimal(r.max).toString(), fee: new Decimal(r.fee).toString() },
    ]),
  );
}

/** The configured terms of a wallet in the same form. */
function configuredRows(wallet: BinanceWallet): Record<string, { min: string; max: string; fee: string }> {
  return Object.fromEntries(
    Object.entries(TERMS[wallet]).map(([asset, t]) => [
      asset,
      { min: new Decimal(t.min).toString(), max: new Decimal(t.max).toString(), fee: new Decimal(t.fee).toString() },
    ]),
  );
}

describe('Binance Pay wallets in a whole broker (binance and binance_jp against a fake Binance Pay)', () => {
  const clock = new TestClock();
  const cert = testCertificate();
  let t: TestBroker;
  let db: SettlementDb;
  let steps: SettlementSteps;

  before(async () => {
    t = await startTestBroker({
      config: binanceConfig(),
      adminToken: ADMIN_BEARER,
      clock,
      processEnv: envOf(ACCOUNTS.binance, ACCOUNTS.binance_jp),
    });
    db = await openSettlementDb();
    steps = settlementSteps(t);
  });
  after(async () => {
    await db.close();
    await t.close();
  });

  /** `expired_at` for create_order, `seconds` after the broker's clock. */
  const deadline = (seconds: number): string => String(Math.floor(clock.now().getTime() / 1000) + seconds);

  /** create_order for 10 USDT on `wallet`, answered by the fake Binance with links unique to the order. */
  async function openOrder(wallet: BinanceWallet, overrides: Record<string, unknown> = {}): Promise<BinanceOrder> {
    const payAmount = payAmountOf(wallet);
    const answer = createdAnswer('USDT', payAmount.toFixed(8));
    const { scope, seen } = interceptCreate(answer.body);
    const request = orderRequest({
      wallet,
      payee_id: PAYEE_OF[wallet],
      asset_id: USDT,
      amount: AMOUNT,
      expired_at: deadline(900),
      ...overrides,
    });
    const res = await createOrder(t.url, request);
    if (res.body.code !== 0) throw new Error(`create_order on ${wallet} answered ${res.body.code}: ${res.body.message}`);
    scope.done();
    expect(seen, 'create calls').to.have.length(1);
    const traceId = String(request.trace_id);
    return {
      wallet,
      order: { request, traceId, tradeNo: traceId.replaceAll('-', '') },
      answer: res,
      created: answer.links,
      createCall: seen[0]!,
      payAmount,
    };
  }

  /** Binance's PAY_SUCCESS for an order, paid in full now (by the broker's clock). */
  const paySuccessOf = (o: BinanceOrder, overrides: { totalFee?: string; tradeNo?: string } = {}): string =>
    payNotification({
      prepayId: o.created.prepayId,
      tradeNo: overrides.tradeNo ?? o.order.tradeNo,
      totalFee: overrides.totalFee ?? o.payAmount.toFixed(8),
      currency: 'USDT',
      transactTime: clock.now().getTime(),
    });

  const deliver = (wallet: string, rawBody: string, options: { signWith?: typeof cert; signedBody?: string } = {}) =>
    deliverBinanceWebhook(t.url, wallet, rawBody, { cert, at: clock.now(), ...options });

  const statusOf = async (o: BinanceOrder): Promise<string> => (await orderView(t.url, o.order.traceId)).status;

  describe('assets/range', () => {
    it("offers binance's configured assets, limits and fee to any payee", async () => {
      for (const payee of [PAYEE, OTHER_PAYEE]) {
        const res = await assetsRange(t.url, { payee_id: payee, wallet: 'binance' });
        expectEnvelope(res);
        expect(res.body.code, payee).to.equal(0);
        expect(rowsById(res.body.data), payee).to.deep.equal(configuredRows('binance'));
      }
    });

    it("offers binance_jp's own assets, limits and fee to the payee it allows", async () => {
      const res = await assetsRange(t.url, { payee_id: OTHER_PAYEE, wallet: 'binance_jp' });
      expectEnvelope(res);
      expect(res.body.code).to.equal(0);
      expect(rowsById(res.body.data)).to.deep.equal(configuredRows('binance_jp'));
    });

    it('refuses PAYEE on binance_jp with 11001', async () => {
      expectRefused(await assetsRange(t.url, { payee_id: PAYEE, wallet: 'binance_jp' }), 11001);
    });

    it('refuses a create_order for PAYEE on binance_jp with 11001, without calling Binance', async () => {
      // No interceptor: a call to Binance would fail on the disabled network and answer 11002 instead.
      const res = await createOrder(t.url, orderRequest({ wallet: 'binance_jp', payee_id: PAYEE, expired_at: deadline(900) }));
      expectRefused(res, 11001);
    });
  });

  for (const wallet of ['binance', 'binance_jp'] as const) {
    describe(`create_order on ${wallet}`, () => {
      let opened: BinanceOrder;
      let body: Record<string, unknown>;
      before(async () => {
        opened = await openOrder(wallet);
        body = JSON.parse(opened.createCall.body) as Record<string, unknown>;
      });

      it(`signs the v3 create with ${wallet}'s own API key and secret`, () => {
        expectSignedBy(opened.createCall, ACCOUNTS[wallet]);
        const other: BinanceAccount = wallet === 'binance' ? ACCOUNTS.binance_jp : ACCOUNTS.binance;
        expect(opened.createCall.headers['binancepay-certificate-sn']).to.not.equal(other.apiKey);
      });

      it('sends merchantTradeNo = the trace id without dashes and orderAmount = amount + fee, in the asset currency', () => {
        expect(body.merchantTradeNo).to.equal(opened.order.traceId.replaceAll('-', ''));
        expect(body.orderAmount).to.be.a('string');
        expect(new Decimal(body.orderAmount as string).toString(), `orderAmount ${String(body.orderAmount)}`).to.equal(
          opened.payAmount.toString(),
        );
        expect(body.currency).to.equal('USDT');
      });

      it(`sends webhookUrl = <PUBLIC_URL>/webhooks/${wallet} and returnUrl = the broker's /return/<trace_id>`, () => {
        expect(body.webhookUrl).to.equal(`${t.url}/webhooks/${wallet}`);
        expect(body.returnUrl).to.equal(`${t.url}/return/${opened.order.traceId}`);
      });

      it(`sends ${wallet}'s terminal type and MixPay's deadline as orderExpireTime`, () => {
        expect(body.env).to.deep.equal({ terminalType: wallet === 'binance_jp' ? 'WAP' : 'WEB' });
        expect(body.orderExpireTime).to.equal(Number(opened.order.request.expired_at) * 1000);
      });

      it("answers MixPay's envelope with checkout_url, deep_link and universal_url from Binance's answer", () => {
        expectCheckout(opened.answer);
        expect(opened.answer.body.data).to.deep.equal({
          checkout_url: opened.created.checkoutUrl,
          deep_link: opened.created.deeplink,
          universal_url: opened.created.universalUrl,
        });
      });

      it("keeps Binance's prepayId with the order, awaiting payment", async () => {
        const view = await orderView(t.url, opened.order.traceId);
        expect(view.wallet).to.equal(wallet);
        expect(view.status).to.equal('awaiting_payment');
        expect(view.payment_id).to.equal(opened.created.prepayId);
      });
    });
  }

  describe('create_order refused by Binance', () => {
    let res: Awaited<ReturnType<typeof createOrder>>;
    let request: Record<string, unknown>;
    let reservedBefore: Decimal;
    before(async () => {
      reservedBefore = new Decimal((await db.balance(USDT)).reserved);
      interceptCreate(failure('400004', 'Invalid API key or IP'), 400);
      request = orderRequest({ wallet: 'binance', amount: AMOUNT, expired_at: deadline(900) });
      res = await createOrder(t.url, request);
    });

    it('answers MixPay 11002', () => {
      expectRefused(res, 11002);
    });

    it("releases the order's reservation and fails the order", async () => {
      expect((await db.reservation(String(request.trace_id)))?.state).to.equal('released');
      expect(new Decimal((await db.balance(USDT)).reserved).toString()).to.equal(reservedBefore.toString());
      expect((await orderView(t.url, String(request.trace_id))).status).to.equal('failed');
    });

    it("logs Binance's error code", () => {
      const lines = t.logs.records().filter((r) => r['provider_code'] === '400004' && r['wallet'] === 'binance');
      expect(lines, 'log lines with provider_code 400004').to.have.length.greaterThan(0);
    });
  });

  describe('webhooks', () => {
    it('answers a PAY_SUCCESS signed with Binance\'s key with {"returnCode":"SUCCESS","returnMessage":null} and marks the order paid', async () => {
      const o = await openOrder('binance');
      const answer = await deliver('binance', paySuccessOf(o));
      expect(answer.status).to.equal(200);
      expect(answer.contentType).to.contain('application/json');
      expect(answer.text).to.equal(BINANCE_ACK);
      expect(await statusOf(o)).to.equal('paid');
    });

    it('settles a paid order to MixPay: the order amount, not amount + fee, to the opponent with the memo', async () => {
      const o = await openOrder('binance_jp');
      expect((await deliver('binance_jp', paySuccessOf(o))).status).to.equal(200);
      expect(await steps.settle()).to.be.greaterThan(0);
      const view = await orderView(t.url, o.order.traceId);
      expect(view.status).to.equal('settled');
      const transfers = (await db.sandboxTransfers()).filter((r) => r.request_id === o.order.traceId);
      expect(transfers).to.have.length(1);
      expect(new Decimal(transfers[0]!.amount).toString()).to.equal(new Decimal(AMOUNT).toString());
      expect(transfers[0]).to.include({ opponent_id: MIXPAY_BOT, memo: o.order.request.memo });
    });

    it('refuses a PAY_SUCCESS whose body was changed after signing with 401, and changes nothing', async () => {
      const o = await openOrder('binance');
      const before = await orderView(t.url, o.order.traceId);
      const signed = paySuccessOf(o, { totalFee: '0.01000000' });
      const sent = paySuccessOf(o);
      const answer = await deliver('binance', sent, { signedBody: signed });
      expect(answer.status).to.equal(401);
      expect(await orderView(t.url, o.order.traceId)).to.deep.equal(before);
    });

    it("refuses a PAY_SUCCESS signed with a key other than Binance's with 401, and changes nothing", async () => {
      const o = await openOrder('binance');
      const before = await orderView(t.url, o.order.traceId);
      const answer = await deliver('binance', paySuccessOf(o), { signWith: testCertificate() });
      expect(answer.status).to.equal(401);
      expect(await orderView(t.url, o.order.traceId)).to.deep.equal(before);
    });

    it("does not apply a webhook for binance_jp's order delivered to /webhooks/binance (acknowledged, order unchanged)", async () => {
      const o = await openOrder('binance_jp');
      const before = await orderView(t.url, o.order.traceId);
      const wrongRoute = await deliver('binance', paySuccessOf(o));
      expect(wrongRoute.status).to.equal(200);
      expect(wrongRoute.text).to.equal(BINANCE_ACK);
      expect(await orderView(t.url, o.order.traceId)).to.deep.equal(before);
      expect(
        t.logs.records().some((r) => r['msg'] === 'wallet event for no order of this wallet' && r['merchant_trade_no'] === o.order.tradeNo),
        'logged as an event for no order of binance',
      ).to.equal(true);
      // The same notification on binance_jp's own route is genuine and applies.
      expect((await deliver('binance_jp', paySuccessOf(o))).status).to.equal(200);
      expect(await statusOf(o)).to.equal('paid');
    });
  });

  describe('a late PAY_SUCCESS on binance, refunded through Binance', () => {
    let o: BinanceOrder;
    let ack: { status: number; text: string };
    let view: OrderView;
    before(async () => {
      o = await openOrder('binance', { expired_at: deadline(120) });
      clock.advance(180_000); // past expired_at
      ack = await deliver('binance', paySuccessOf(o));
      view = await orderView(t.url, o.order.traceId);
    });

    it('acknowledges the notification', () => {
      expect(ack.status).to.equal(200);
      expect(ack.text).to.equal(BINANCE_ACK);
    });

    it('moves the order to refund_pending through expired, never paid, and queues a refund of amount + fee', () => {
      expect(view.status).to.equal('refund_pending');
      expect(statusesOf(view)).to.deep.equal(['creating', 'awaiting_payment', 'expired', 'refund_pending']);
      expect(view.transfer).to.equal(null);
      expect(view.refund).to.include({ kind: 'late_payment', state: 'pending', currency: 'USDT' });
      expect(new Decimal(view.refund!.amount).toString()).to.equal(o.payAmount.toString());
    });

    describe('then refundPayers runs, Binance accepts, and on the next attempt reports REFUND_SUCCESS', () => {
      let calls: SeenRequest[];
      let afterFirst: OrderView;
      let afterSecond: OrderView;
      before(async () => {
        const refundId = view.refund!.refund_id;
        const base = {
          refundRequestId: refundId,
          prepayId: o.created.prepayId,
          orderAmount: o.payAmount.toFixed(8),
          refundAmount: o.payAmount.toFixed(8),
        };
        const scope = nock(BINANCE_URL)
          .post(BINANCE_PATH.refund)
          .reply(200, success({ ...base, refundedAmount: '0', remainingAttempts: 9, duplicateRequest: 'N', refundId: 5571398798 }))
          .post(BINANCE_PATH.refund)
          .reply(
            200,
            success({
              ...base,
              refundedAmount: base.refundAmount,
              remainingAttempts: 9,
              duplicateRequest: 'Y',
              refundStatus: 'REFUND_SUCCESS',
              refundId: 5571398798,
            }),
          );
        calls = recordRequests(scope);
        await steps.refundPayers();
        afterFirst = await orderView(t.url, o.order.traceId);
        clock.advance(3_600_000); // past any retry delay
        await steps.refundPayers();
        afterSecond = await orderView(t.url, o.order.traceId);
        scope.done();
      });

      it("sends each refund signed with binance's key, with the prepayId (not merchantTradeNo) and amount + fee", () => {
        expect(calls).to.have.length(2);
        for (const call of calls) {
          expectSignedBy(call, ACCOUNTS.binance);
          const body = JSON.parse(call.body) as Record<string, unknown>;
          expect(body.prepayId).to.equal(o.created.prepayId);
          expect(body).to.not.have.property('merchantTradeNo');
          expect(new Decimal(body.refundAmount as string).toString()).to.equal(o.payAmount.toString());
          expect(body.webhookUrl).to.equal(`${t.url}/webhooks/binance`);
        }
      });

      it("sends the broker's refund id as refundRequestId, the same on the second attempt", () => {
        const ids = calls.map((c) => (JSON.parse(c.body) as { refundRequestId: string }).refundRequestId);
        expect(ids).to.deep.equal([view.refund!.refund_id, view.refund!.refund_id]);
      });

      it('keeps the order refund_pending while Binance has only accepted the refund', () => {
        expect(afterFirst.status).to.equal('refund_pending');
        expect(afterFirst.refund).to.include({ state: 'awaiting_provider', attempts: 1 });
      });

      it('marks the order refunded once Binance answers REFUND_SUCCESS', () => {
        expect(afterSecond.status).to.equal('refunded');
        expect(afterSecond.refund).to.include({ state: 'succeeded', attempts: 2 });
      });
    });
  });

  describe("a late PAY_SUCCESS on binance_jp, refunded by Binance's PAY_REFUND webhook", () => {
    let o: BinanceOrder;
    let refundCall: SeenRequest[];
    let pending: OrderView;
    let refundAck: { status: number; text: string };
    before(async () => {
      o = await openOrder('binance_jp', { expired_at: deadline(120) });
      clock.advance(180_000);
      expect((await deliver('binance_jp', paySuccessOf(o))).status).to.equal(200);
      const refundId = (await orderView(t.url, o.order.traceId)).refund!.refund_id;
      const scope = nock(BINANCE_URL)
        .post(BINANCE_PATH.refund)
        .reply(
          200,
          success({ refundRequestId: refundId, prepayId: o.created.prepayId, refundAmount: o.payAmount.toFixed(8), duplicateRequest: 'N' }),
        );
      refundCall = recordRequests(scope);
      await steps.refundPayers();
      scope.done();
      pending = await orderView(t.url, o.order.traceId);
      refundAck = await deliver(
        'binance_jp',
        refundNotification({
          prepayId: o.created.prepayId,
          tradeNo: o.order.tradeNo,
          refundRequestId: refundId,
          refundAmount: o.payAmount.toFixed(8),
          currency: 'USDT',
        }),
      );
    });

    it("sends the refund signed with binance_jp's own key, for its prepayId", () => {
      expect(refundCall).to.have.length(1);
      expectSignedBy(refundCall[0]!, ACCOUNTS.binance_jp);
      const body = JSON.parse(refundCall[0]!.body) as Record<string, unknown>;
      expect(body).to.include({
        prepayId: o.created.prepayId,
        refundRequestId: pending.refund!.refund_id,
        webhookUrl: `${t.url}/webhooks/binance_jp`,
      });
    });

    it('is refund_pending until the webhook arrives', () => {
      expect(pending.status).to.equal('refund_pending');
      expect(pending.refund?.state).to.equal('awaiting_provider');
    });

    it('acknowledges PAY_REFUND and marks the order refunded and the refund succeeded', async () => {
      expect(refundAck.status).to.equal(200);
      expect(refundAck.text).to.equal(BINANCE_ACK);
      const view = await orderView(t.url, o.order.traceId);
      expect(view.status).to.equal('refunded');
      expect(view.refund?.state).to.equal('succeeded');
    });
  });

  describe('the broker log', () => {
    it("never carries either account's API secret or a request signature", () => {
      expectNoSecretsIn(t.logs.lines, { binance: ACCOUNTS.binance.apiSecret, binance_jp: ACCOUNTS.binance_jp.apiSecret }, 20);
      const text = t.logs.text();
      expect(/[0-9A-F]{128}/.test(text), 'a 128-hex signature in the log').to.equal(false);
    });
  });
});

describe('Binance Pay: binance_jp enabled without its secret variable', () => {
  let t: TestBroker;
  before(async () => {
    const env = envOf(ACCOUNTS.binance, ACCOUNTS.binance_jp);
    delete env[ACCOUNTS.binance_jp.secretVar];
    t = await startTestBroker({ config: binanceConfig(), adminToken: ADMIN_BEARER, processEnv: env });
  });
  after(async () => t.close());

  it('is out of service alone: assets/range is empty for binance_jp, even for its allowed payee', async () => {
    const res = await assetsRange(t.url, { payee_id: OTHER_PAYEE, wallet: 'binance_jp' });
    expectEnvelope(res);
    expect(res.body).to.deep.equal({ code: 0, success: true, message: '', data: [] });
    expect(t.broker.plugins.state('binance_jp')?.status).to.equal('invalid_settings');
  });

  it('leaves binance serving: its assets/range rows and a create_order at Binance', async () => {
    const res = await assetsRange(t.url, { payee_id: PAYEE, wallet: 'binance' });
    expect(rowsById(res.body.data)).to.deep.equal(configuredRows('binance'));
    const answer = createdAnswer('USDT', payAmountOf('binance').toFixed(8));
    const { scope, seen } = interceptCreate(answer.body);
    const created = await createOrder(t.url, orderRequest({ wallet: 'binance', amount: AMOUNT }));
    scope.done();
    expectCheckout(created);
    expect(created.body.data.checkout_url).to.equal(answer.links.checkoutUrl);
    expectSignedBy(seen[0]!, ACCOUNTS.binance);
  });

  it('logs one error line, naming binance_jp and the missing variable', () => {
    const naming = t.logs.records().filter((r) => JSON.stringify(r).includes(ACCOUNTS.binance_jp.secretVar));
    expect(naming, 'log lines naming the variable').to.have.length(1);
    expect(naming[0]).to.include({ level: 'error', wallet: 'binance_jp' });
    expect(String(naming[0]!['msg'])).to.contain(ACCOUNTS.binance_jp.secretVar);
  });
});
