import { createHash, createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
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
 * A fake Binance Pay merchant API (v3 create, v2 query, close, refund, certificates), written from
 * Binance's documentation rather than from the plugin: it checks each call's HMAC-SHA512 signature
 * (UPPER hex over `timestamp\nnonce\nbody\n`, key in BinancePay-Certificate-SN) and answers FAIL
 * 400002 to a bad one, answers a repeated merchantTradeNo with 400201, and keys refunds by
 * refundRequestId (a repeat answers duplicateRequest "Y"). Webhooks are signed with our own RSA key,
 * served from /certificates, over `timestamp\nnonce\nbody\n` (timestamp in ms).
 */

const API_KEY = 'conformance-binance-api-key-0123456789';
const API_SECRET = 'conformance-binance-api-secret-ABCDEFGHIJKLMNOP0123456789';
const BASE_URL = 'https://bpay.binanceapi.com';
const VALID = { apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: BASE_URL, requestTimeoutMs: 2000 };

/** Stands in for Binance's webhook key pair; the serial is the MD5 hex of the public PEM, as Binance's is. */
const keyPair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { publicPem, privateKey, serial: createHash('md5').update(publicPem).digest('hex') };
};
const BINANCE_KEY = keyPair();
const OTHER_KEY = keyPair();

const PATH = {
  certificates: '/binancepay/openapi/certificates',
  create: '/binancepay/openapi/v3/order',
  query: '/binancepay/openapi/v2/order/query',
  close: '/binancepay/openapi/order/close',
  refund: '/binancepay/openapi/order/refund',
};

const STATUS_FOR: Readonly<Record<SettledState, string>> = { paid: 'PAID', expired: 'EXPIRED', failed: 'ERROR' };
const BIZ_STATUS = { 'payment.succeeded': 'PAY_SUCCESS', 'payment.expired': 'PAY_CLOSED', 'payment.failed': 'PAY_FAIL' } as const;

const success = (data: unknown): FakeHttpReply => ({ json: { status: 'SUCCESS', code: '000000', data, errorMessage: '' } });
const failure = (code: string, errorMessage: string): FakeHttpReply => ({ status: 400, json: { status: 'FAIL', code, errorMessage } });

interface Order {
  readonly prepayId: string;
  readonly merchantTradeNo: string;
  readonly orderAmount: string;
  readonly currency: string;
  status: string;
}

/** Binance's check of a signed call. */
function signatureProblem(req: FakeHttpRequest): FakeHttpReply | null {
  const ts = req.headers['binancepay-timestamp'] ?? '';
  const nonce = req.headers['binancepay-nonce'] ?? '';
  if (req.headers['binancepay-certificate-sn'] !== API_KEY) return failure('400004', 'invalid api key');
  const expected = createHmac('sha512', API_SECRET).update(`${ts}\n${nonce}\n${req.rawBody}\n`, 'utf8').digest('hex').toUpperCase();
  return req.headers['binancepay-signature'] === expected ? null : failure('400002', 'signature for this request is not valid');
}

/** A field of a JSON body as the exact text sent (numbers keep their digits). */
const field = (req: FakeHttpRequest, name: string): string | undefined => {
  const body = parseJsonExact(req.rawBody) as Record<string, unknown> | undefined;
  const value = body?.[name];
  return typeof value === 'string' ? value : undefined;
};

export default defineConformanceFixture({
  name: 'binance',
  settings: {
    valid: VALID,
    secrets: [API_KEY, API_SECRET],
    invalid: [
      { why: 'a missing apiSecret', field: 'apiSecret', settings: { apiKey: API_KEY } },
      { why: 'an apiKey under 16 characters', field: 'apiKey', settings: { ...VALID, apiKey: 'short' } },
      { why: 'a baseUrl that is not http(s)', field: 'baseUrl', settings: { ...VALID, baseUrl: 'ftp://bpay.binanceapi.com' } },
      { why: 'an unknown terminalType', field: 'terminalType', settings: { ...VALID, terminalType: 'TV' } },
      {
        why: 'a goods.goodsCategory that is no category code',
        field: 'goods.goodsCategory',
        settings: { ...VALID, goods: { goodsCategory: 'food' } },
      },
      { why: 'a webhookToleranceSeconds of 0', field: 'webhookToleranceSeconds', settings: { ...VALID, webhookToleranceSeconds: 0 } },
      { why: 'a misspelt setting', field: 'apiScret', settings: { ...VALID, apiScret: API_SECRET } },
    ],
  },
  assets: [
    { assetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5', currency: 'USDT', amount: '10.5', fee: '0.105', payAmount: '10.605' },
    { assetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', currency: 'BTC', amount: '0.00012345', fee: '0.00000123', payAmount: '0.00012468' },
  ],

  setup() {
    const orders = new Map<string, Order>();
    const refunds: ReceivedRefund[] = [];
    const refundIds = new Map<string, string>();
    let sequence = 0;
    const byRef = (req: FakeHttpRequest): Order | undefined => {
      const prepayId = field(req, 'prepayId');
      const tradeNo = field(req, 'merchantTradeNo');
      return [...orders.values()].find((o) => (prepayId !== undefined ? o.prepayId === prepayId : o.merchantTradeNo === tradeNo));
    };

    const api = fakeHttpApi(BASE_URL)
      .on(
        'POST',
        PATH.certificates,
        (req) => signatureProblem(req) ?? success([{ certSerial: BINANCE_KEY.serial, certPublic: BINANCE_KEY.publicPem }]),
      )
      .on('POST', PATH.create, (req) => {
        const problem = signatureProblem(req);
        if (problem) return problem;
        const merchantTradeNo = field(req, 'merchantTradeNo') ?? '';
        if (orders.has(merchantTradeNo)) return failure('400201', 'merchantTradeNo is duplicated');
        const prepayId = String(380_000_000_000_000_000n + BigInt(++sequence));
        const order: Order = {
          prepayId,
          merchantTradeNo,
          orderAmount: field(req, 'orderAmount') ?? '',
          currency: field(req, 'currency') ?? '',
          status: 'INITIAL',
        };
        orders.set(merchantTradeNo, order);
        const token = randomBytes(8).toString('hex');
        return success({
          currency: order.currency,
          totalFee: order.orderAmount,
          prepayId,
          terminalType: 'WEB',
          expireTime: 1748781000000,
          qrcodeLink: `https://public.bnbstatic.com/static/payment/qr/${token}.jpg`,
          qrContent: `https://app.binance.com/qr/dplk${token}`,
          checkoutUrl: `https://pay.binance.com/en/checkout/${token}`,
          deeplink: `bnc://app.binance.com/payment/secpay?tempToken=${token}`,
          universalUrl: `https://app.binance.com/payment/secpay?linkToken=${token}&_dp=Ym5j`,
        });
      })
      .on('POST', PATH.query, (req) => {
        const problem = signatureProblem(req);
        if (problem) return problem;
        const order = byRef(req);
        if (!order) return failure('400202', 'order not found');
        return success({
          merchantId: 98765,
          prepayId: order.prepayId,
          merchantTradeNo: order.merchantTradeNo,
          status: order.status,
          currency: order.currency,
          orderAmount: order.orderAmount,
          createTime: 1748779200000,
        });
      })
      .on('POST', PATH.close, (req) => signatureProblem(req) ?? (byRef(req) ? success(true) : failure('400202', 'order not found')))
      .on('POST', PATH.refund, (req) => {
        const problem = signatureProblem(req);
        if (problem) return problem;
        const refundRequestId = field(req, 'refundRequestId') ?? '';
        const refundAmount = field(req, 'refundAmount') ?? '';
        const order = byRef(req);
        if (!order) return failure('400202', 'order not found');
        refunds.push({ idempotencyKey: refundRequestId, amount: refundAmount });
        const duplicate = refundIds.has(refundRequestId);
        if (!duplicate) refundIds.set(refundRequestId, String(5_571_398_798 + refundIds.size));
        return success({
          refundRequestId,
          prepayId: order.prepayId,
          orderAmount: order.orderAmount,
          refundAmount,
          remainingAttempts: 9,
          refundId: refundIds.get(refundRequestId),
          duplicateRequest: duplicate ? 'Y' : 'N',
        });
      });

    return {
      receivedCheckout: (merchantTradeNo) => {
        const order = orders.get(merchantTradeNo);
        return order ? { amount: order.orderAmount, currency: order.currency } : undefined;
      },
      settle: (payment, state) => {
        const order = orders.get(payment.merchantTradeNo);
        if (!order) throw new Error(`the fake Binance has no order ${payment.merchantTradeNo}`);
        order.status = STATUS_FOR[state];
      },
      receivedRefunds: () => refunds,
      close: () => api.close(),
    };
  },

  webhooks: {
    sign({ kind, merchantTradeNo, paymentId, amount, currency, at, wrongKey }) {
      const ts = String(at.getTime());
      const nonce = randomBytes(16).toString('hex');
      // `data` is a JSON string; totalFee is a JSON number there, bizId a number beyond 2^53 (as Binance writes them).
      const data = `{"merchantTradeNo":"${merchantTradeNo}","productType":"Others","productName":"MixPay order","transactTime":${ts},"tradeType":"WEB","totalFee":${amount},"currency":"${currency}","openUserId":"1211HS10K81f4273ac031"}`;
      const rawBody = `{"bizType":"PAY","bizId":${paymentId},"bizIdStr":"${paymentId}","bizStatus":"${BIZ_STATUS[kind]}","data":${JSON.stringify(data)}}`;
      const key = wrongKey ? OTHER_KEY : BINANCE_KEY;
      return {
        rawBody,
        headers: {
          'Content-Type': 'application/json',
          'BinancePay-Timestamp': ts,
          'BinancePay-Nonce': nonce,
          // The right serial with the wrong key: only the signature can tell them apart.
          'BinancePay-Certificate-SN': BINANCE_KEY.serial,
          'BinancePay-Signature': sign('sha256', Buffer.from(`${ts}\n${nonce}\n${rawBody}\n`, 'utf8'), key.privateKey).toString('base64'),
        },
      };
    },
    kinds: ['payment.succeeded', 'payment.expired'],
    toleranceSeconds: 300,
    replayGuard: true,
    ack: { status: 200, contentType: 'application/json', body: '{"returnCode":"SUCCESS","returnMessage":null}' },
  },
});
