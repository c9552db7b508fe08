import { createHmac } from 'node:crypto';
import {
  defineConformanceFixture,
  type ConformanceWorld,
  type PaymentAtProvider,
  type SettledState,
} from '@mixpay-broker/plugin-api/testing';

/*
 * The mock wallet for the conformance kit. The mock is its own provider: its "provider side" is
 * its plugin store (`payment:<id>` with id = the first 32 hex of HMAC-SHA256(webhookSecret,
 * "payment-id:<merchantTradeNo>"), `refund:<refundId>`), so the fake
 * reads and changes that store, as the payer's Pay / Fail buttons would. Webhooks are signed here
 * from the documented wire format, not with the plugin's own signer, so a bug there cannot cancel
 * itself out:
 *   body   {"id":"evt_…","type":"payment.succeeded","data":{"payment_id","merchant_trade_no","amount","currency"}}
 *   header X-Mock-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 */

const WEBHOOK_SECRET = 'conformance-mock-secret-0123456789';
const VALID = { webhookSecret: WEBHOOK_SECRET, webhookToleranceSeconds: 300 };

interface StoredPayment {
  readonly paymentId: string;
  readonly amount: string;
  readonly currency: string;
  readonly state: string;
}

interface StoredRefund {
  readonly refundId: string;
  readonly amount: string;
}

const paymentOf = (world: ConformanceWorld, merchantTradeNo: string): Promise<StoredPayment | null> => {
  const paymentId = createHmac('sha256', WEBHOOK_SECRET).update(`payment-id:${merchantTradeNo}`, 'utf8').digest('hex').slice(0, 32);
  return world.store.get<StoredPayment>(`payment:${paymentId}`);
};

const sign = (secret: string, unixSeconds: number, rawBody: string): string =>
  `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`, 'utf8').digest('hex')}`;

export default defineConformanceFixture({
  name: 'mock',
  settings: {
    valid: VALID,
    secrets: [WEBHOOK_SECRET],
    invalid: [
      { why: 'a missing webhookSecret', field: 'webhookSecret', settings: { webhookToleranceSeconds: 300 } },
      { why: 'a webhookSecret under 16 characters', field: 'webhookSecret', settings: { ...VALID, webhookSecret: 'short' } },
      { why: 'a negative webhookToleranceSeconds', field: 'webhookToleranceSeconds', settings: { ...VALID, webhookToleranceSeconds: -1 } },
      { why: 'an unknown faults.create', field: 'faults.create', settings: { ...VALID, faults: { create: 'explode' } } },
      { why: 'a misspelt setting', field: 'webhookSecert', settings: { ...VALID, webhookSecert: WEBHOOK_SECRET } },
    ],
  },
  assets: [
    { assetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5', currency: 'USDT', amount: '10.5', fee: '0.105', payAmount: '10.605' },
    { assetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', currency: 'BTC', amount: '0.00012345', fee: '0.00000123', payAmount: '0.00012468' },
  ],

  setup(world) {
    return {
      async receivedCheckout(merchantTradeNo) {
        const payment = await paymentOf(world, merchantTradeNo);
        return payment ? { amount: payment.amount, currency: payment.currency } : undefined;
      },
      async settle(payment: PaymentAtProvider, state: SettledState) {
        const key = `payment:${payment.paymentId}`;
        const stored = await world.store.get<StoredPayment>(key);
        if (!stored) throw new Error(`the mock has no payment ${payment.paymentId}`);
        await world.store.put(key, { ...stored, state });
      },
      async receivedRefunds() {
        const refunds = await Promise.all(world.store.keys('refund:').map((key) => world.store.get<StoredRefund>(key)));
        return refunds.filter((r): r is StoredRefund => r !== null).map((r) => ({ idempotencyKey: r.refundId, amount: r.amount }));
      },
    };
  },

  webhooks: {
    sign({ kind, merchantTradeNo, paymentId, amount, currency, at, wrongKey }) {
      const rawBody = JSON.stringify({
        id: `evt_${paymentId}_${kind.replace('.', '_')}`,
        type: kind,
        data: { payment_id: paymentId, merchant_trade_no: merchantTradeNo, amount, currency },
      });
      const secret = wrongKey ? 'not-the-mock-secret-9876543210' : WEBHOOK_SECRET;
      return {
        rawBody,
        headers: { 'Content-Type': 'application/json', 'X-Mock-Signature': sign(secret, Math.floor(at.getTime() / 1000), rawBody) },
      };
    },
    kinds: ['payment.succeeded', 'payment.failed', 'payment.expired'],
    toleranceSeconds: 300,
    // The mock keeps no record of deliveries: the host's event log (unique per wallet and eventId) de-duplicates.
    replayGuard: false,
    ack: { status: 200, contentType: 'application/json', body: '{"received":true}' },
  },
});
