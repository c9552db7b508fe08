import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { parseJsonExact } from '@mixpay-broker/plugin-api';
import {
  defineConformanceFixture,
  fakeHttpApi,
  type FakeHttpReply,
  type FakeHttpRequest,
  type ReceivedRefund,
  type SettledState,
} from '@mixpay-broker/plugin-api/testing';

/*
 * A fake Bybit Pay (QR / e-commerce) API written from Bybit's pay-docs rather than from the plugin:
 * it checks X-BAPI-SIGN (hex HMAC-SHA256 over timestamp + apiKey + recvWindow + payload, where the
 * payload is the POST body or the GET query string) and answers retCode 400002 to a bad one, answers
 * a repeated merchantTradeNo with 400620, and keys refunds by merchantRefundNo. Notifications are
 * signed with our own RSA key standing in for Bybit's platform key: base64 RSA-SHA256 over
 * `timestamp + rawBody`, timestamp in seconds.
 */

const MERCHANT_ID = '305142568';
const API_KEY = 'conformance-bybit-api-key-XYZ123';
const API_SECRET = 'conformance-bybit-api-secret-0123456789abcdef';
const BASE_URL = 'https://api2.bybit.com';
const QR = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const keyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const PLATFORM_KEY = keyPair();
const OTHER_KEY = keyPair();

const VALID = {
  merchantId: MERCHANT_ID,
  apiKey: API_KEY,
  apiSecret: API_SECRET,
  platformPublicKey: PLATFORM_KEY.publicKey,
  baseUrl: BASE_URL,
  requestTimeoutMs: 2000,
};

const PATH = { create: '/v5/bybitpay/create_pay', result: '/v5/bybitpay/pay_result', refund: '/v5/bybitpay/refund' };
const STATUS_FOR: Readonly<Record<SettledState, string>> = { paid: 'PAY_SUCCESS', expired: 'TIMEOUT', failed: 'PAY_FAILED' };
const NOTIFIED_STATUS = { 'payment.succeeded': 'PAY_SUCCESS', 'payment.expired': 'TIMEOUT', 'payment.failed': 'PAY_FAILED' } as const;

const envelope = (result: unknown): FakeHttpReply => ({
  json: { retCode: 100000, retMsg: 'success', result, retExtInfo: {}, time: 1748779200000 },
});
const failure = (retCode: number, retMsg: string): FakeHttpReply => ({
  json: { retCode, retMsg, result: {}, retExtInfo: {}, time: 1748779200000 },
});

interface Order {
  readonly payId: string;
  readonly merchantTradeNo: string;
  readonly amount: string;
  readonly currency: string;
  status: string;
  readonly refundOrders: Array<{ merchantRefundNo: string; refundId: string; refundStatus: string; amount: string }>;
}

/** Bybit's check of a signed call: the POST body, or the GET query as sent (unescaped). */
function signatureProblem(req: FakeHttpRequest): FakeHttpReply | null {
  if (req.headers['x-bapi-api-key'] !== API_KEY) return failure(10003, 'API key is invalid');
  const ts = req.headers['x-bapi-timestamp'] ?? '';
  const window = req.headers['x-bapi-recv-window'] ?? '';
  const payload = req.method === 'GET' ? [...req.query].map(([k, v]) => `${k}=${v}`).join('&') : req.rawBody;
  const expected = createHmac('sha256', API_SECRET).update(`${ts}${API_KEY}${window}${payload}`, 'utf8').digest('hex');
  return req.headers['x-bapi-sign'] === expected ? null : failure(400002, 'signature error');
}

const body = (req: FakeHttpRequest): Record<string, unknown> => (parseJsonExact(req.rawBody) as Record<string, unknown> | undefined) ?? {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export default defineConformanceFixture({
  name: 'bybit',
  settings: {
    valid: VALID,
    secrets: [API_KEY, API_SECRET],
    invalid: [
      {
        why: 'a missing merchantId',
        field: 'merchantId',
        settings: { apiKey: API_KEY, apiSecret: API_SECRET, platformPublicKey: PLATFORM_KEY.publicKey },
      },
      { why: 'an empty apiSecret', field: 'apiSecret', settings: { ...VALID, apiSecret: '' } },
      { why: 'a platformPublicKey that is no RSA key', field: 'platformPublicKey', settings: { ...VALID, platformPublicKey: 'not a key' } },
      { why: "a recvWindowMs above Bybit's 10000", field: 'recvWindowMs', settings: { ...VALID, recvWindowMs: 20_000 } },
      { why: 'an mccCode that is not 4 digits', field: 'mccCode', settings: { ...VALID, mccCode: '12' } },
      { why: 'a misspelt setting', field: 'merchantID', settings: { ...VALID, merchantID: MERCHANT_ID } },
    ],
  },
  assets: [
    { assetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5', currency: 'USDT', amount: '10.5', fee: '0.105', payAmount: '10.605' },
    { assetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', currency: 'BTC', amount: '0.00012345', fee: '0.00000123', payAmount: '0.00012468' },
  ],

  setup() {
    const orders = new Map<string, Order>();
    const refunds: ReceivedRefund[] = [];
    let sequence = 0;

    const api = fakeHttpApi(BASE_URL)
      .on('POST', PATH.create, (req) => {
        const problem = signatureProblem(req);
        if (problem) return problem;
        const b = body(req);
        const merchantTradeNo = text(b['merchantTradeNo']);
        if (orders.has(merchantTradeNo)) return failure(400620, 'duplicate merchantTradeNo');
        const payId = `01JY2KM5QNPXR8S4HTJZT9${String(++sequence).padStart(4, '0')}`;
        const order: Order = {
          payId,
          merchantTradeNo,
          amount: text(b['orderAmount']),
          currency: text(b['currency']),
          status: 'INIT',
          refundOrders: [],
        };
        orders.set(merchantTradeNo, order);
        return envelope({
          payId,
          terminalType: 'WEB',
          expireTime: text(b['orderExpireTime']) || undefined,
          checkoutLink: `bybitapp://open/route?targetUrl=by-mini%3A%2F%2Fpay%2FscanResult%3ForderNo%3D${payId}`,
          qrContent: QR,
          order: { payId, status: 'INIT', amount: order.amount, currency: order.currency },
        });
      })
      .on('GET', PATH.result, (req) => {
        const problem = signatureProblem(req);
        if (problem) return problem;
        const payId = req.query.get('payId');
        const tradeNo = req.query.get('merchantTradeNo');
        const order = [...orders.values()].find((o) => (payId !== null ? o.payId === payId : o.merchantTradeNo === tradeNo));
        if (!order) return failure(400004, 'order not found');
        return envelope({
          order: {
            merchantId: MERCHANT_ID,
            paymentType: 'E_COMMERCE',
            merchantTradeNo: order.merchantTradeNo,
            payId: order.payId,
            status: order.status,
            amount: order.amount,
            currency: order.currency,
            currencyType: 'crypto',
            refundOrders: order.refundOrders,
          },
        });
      })
      .on('POST', PATH.refund, (req) => {
        const problem = signatureProblem(req);
        if (problem) return problem;
        const items = Array.isArray(body(req)['list']) ? (body(req)['list'] as Array<Record<string, unknown>>) : [];
        const answered = [];
        for (const item of items) {
          const payId = text(item['payId']);
          const order = [...orders.values()].find((o) => o.payId === payId || o.merchantTradeNo === text(item['merchantTradeNo']));
          if (!order) return failure(400004, 'order not found');
          if (order.status !== 'PAY_SUCCESS' && order.status !== 'REFUND_SUCCESS') return failure(500105, 'order not paid');
          const merchantRefundNo = text(item['merchantRefundNo']);
          const amount = text(item['refundAmount']);
          refunds.push({ idempotencyKey: merchantRefundNo, amount });
          let refund = order.refundOrders.find((r) => r.merchantRefundNo === merchantRefundNo);
          if (!refund) {
            refund = { merchantRefundNo, refundId: `R${payId}${order.refundOrders.length + 1}`, refundStatus: 'REFUND_PROCESSING', amount };
            order.refundOrders.push(refund);
          }
          answered.push(refund);
        }
        return envelope({ refundOrders: answered });
      });

    return {
      receivedCheckout: (merchantTradeNo) => {
        const order = orders.get(merchantTradeNo);
        return order ? { amount: order.amount, currency: order.currency } : undefined;
      },
      settle: (payment, state) => {
        const order = orders.get(payment.merchantTradeNo);
        if (!order) throw new Error(`the fake Bybit has no order ${payment.merchantTradeNo}`);
        order.status = STATUS_FOR[state];
      },
      receivedRefunds: () => refunds,
      close: () => api.close(),
    };
  },

  webhooks: {
    sign({ kind, merchantTradeNo, paymentId, amount, currency, at, wrongKey }) {
      const timestamp = String(Math.floor(at.getTime() / 1000));
      const rawBody =
        `{"paymentType":"E_COMMERCE","merchantId":"${MERCHANT_ID}","merchantTradeNo":"${merchantTradeNo}","payId":"${paymentId}",` +
        `"status":"${NOTIFIED_STATUS[kind]}","amount":"${amount}","currency":"${currency}","currencyType":"crypto",` +
        `"createTime":${Number(timestamp) - 60},"paymentTime":${kind === 'payment.succeeded' ? timestamp : 0},"finishTime":${timestamp}}`;
      const key = wrongKey ? OTHER_KEY : PLATFORM_KEY;
      const signature = createSign('RSA-SHA256').update(`${timestamp}${rawBody}`, 'utf8').sign(key.privateKey, 'base64');
      return { rawBody, headers: { 'Content-Type': 'application/json', timestamp, signature, version: '5.00' } };
    },
    kinds: ['payment.succeeded', 'payment.expired', 'payment.failed'],
    toleranceSeconds: 300,
    replayGuard: true,
    ack: { status: 200, contentType: 'text/plain', body: 'success' },
  },
});
