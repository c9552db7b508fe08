import { expect } from 'chai';
import nock from 'nock';
import { parseNotification } from '../src/transformers.js';
import { BASE_URL, expectNoSecretsLogged, harness } from './fixtures.js';
import { certificatesAnswer, nextNonce, testCertificate, webhookHeaders } from './webhook-fixtures.js';

const TRADE = '0b4e2a3c11114222833300000000abcd';
const SIGNED_AT = new Date('2025-06-01T12:00:00.000Z');

/** A notification body written by hand, so numbers keep the exact text Binance sends. */
const body = (bizType: string, bizStatus: string, dataText: string, bizId = '29383937493038367292') =>
  `{"bizType":"${bizType}","bizId":${bizId},"bizIdStr":"${bizId}","bizStatus":"${bizStatus}","data":${JSON.stringify(dataText)}}`;

const payData = `{"merchantTradeNo":"${TRADE}","productType":"Food","productName":"Ice Cream","transactTime":1748779200000,"tradeType":"WEB","totalFee":0.88000000,"currency":"USDT","commission":0}`;

const refundData = (refundRequestId: string) =>
  `{"merchantTradeNo":"${TRADE}","productType":"Food","productName":"Ice Cream","tradeType":"WEB","totalFee":0.88000000,"currency":"USDT","refundInfo":{"refundRequestId":"${refundRequestId}","prepayId":"29383937493038367292","orderAmount":"0.88000000","refundedAmount":"0.5","refundAmount":"0.5","remainingAttempts":9,"payerOpenId":"dde730c2","duplicateRequest":"N"}}`;

const parsed = (raw: string) => {
  const result = parseNotification(raw, SIGNED_AT);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

describe('binance webhook events', () => {
  afterEach(expectNoSecretsLogged);

  it('keeps every digit of a bizId beyond 2^53 and the exact totalFee through a signed delivery', async () => {
    const h = await harness();
    const cert = testCertificate();
    nock(BASE_URL).post('/binancepay/openapi/certificates').reply(200, certificatesAnswer(cert));
    const raw = body('PAY', 'PAY_SUCCESS', payData);
    const result = await h.instance.verifyWebhook({
      rawBody: raw,
      headers: webhookHeaders(cert, raw, h.clock.now().getTime(), nextNonce()),
      receivedAt: h.clock.now(),
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.event).to.deep.equal({
      eventId: '29383937493038367292:PAY:PAY_SUCCESS',
      kind: 'payment.succeeded',
      merchantTradeNo: TRADE,
      paymentId: '29383937493038367292',
      amount: '0.88000000',
      currency: 'USDT',
      occurredAt: new Date(1748779200000),
    });
  });

  it('gives a re-delivery (signed again later) of the same notification the same eventId', () => {
    const first = parseNotification(body('PAY', 'PAY_SUCCESS', payData), SIGNED_AT);
    const again = parseNotification(body('PAY', 'PAY_SUCCESS', payData), new Date(SIGNED_AT.getTime() + 600_000));
    if (!first.ok || !again.ok) throw new Error('expected both to parse');
    expect(again.value?.eventId).to.equal(first.value?.eventId).and.equal('29383937493038367292:PAY:PAY_SUCCESS');
  });

  it('reads the id from bizIdStr, never from bizId', () => {
    const raw = `{"bizType":"PAY","bizId":1,"bizIdStr":"29383937493038367292","bizStatus":"PAY_SUCCESS","data":${JSON.stringify(payData)}}`;
    expect(parsed(raw)?.paymentId).to.equal('29383937493038367292');
  });

  it('maps PAY_CLOSED to payment.expired', () => {
    const event = parsed(
      body(
        'PAY',
        'PAY_CLOSED',
        `{"merchantTradeNo":"${TRADE}","productType":"Food","productName":"Ice Cream","tradeType":"WEB","currency":"USDT"}`,
      ),
    );
    expect(event).to.include({ kind: 'payment.expired', merchantTradeNo: TRADE, eventId: '29383937493038367292:PAY:PAY_CLOSED' });
    expect(event?.occurredAt).to.deep.equal(SIGNED_AT);
  });

  it('maps PAY_REFUND REFUND_SUCCESS to refund.succeeded with the refund id and amount', () => {
    expect(parsed(body('PAY_REFUND', 'REFUND_SUCCESS', refundData('rf001')))).to.deep.include({
      eventId: '29383937493038367292:PAY_REFUND:REFUND_SUCCESS:rf001',
      kind: 'refund.succeeded',
      refundId: 'rf001',
      amount: '0.5',
      currency: 'USDT',
    });
  });

  it('maps PAY_REFUND REFUND_REJECTED to refund.failed', () => {
    expect(parsed(body('PAY_REFUND', 'REFUND_REJECTED', refundData('rf001')))?.kind).to.equal('refund.failed');
  });

  it('keeps two partial refunds of one order apart by refund id', () => {
    const a = parsed(body('PAY_REFUND', 'REFUND_SUCCESS', refundData('rf001')));
    const b = parsed(body('PAY_REFUND', 'REFUND_SUCCESS', refundData('rf002')));
    expect(a?.eventId).to.not.equal(b?.eventId);
  });

  it('reads refundInfo sent as a JSON string too', () => {
    const data = JSON.stringify({
      merchantTradeNo: TRADE,
      currency: 'USDT',
      refundInfo: JSON.stringify({ refundRequestId: 'rf009', refundAmount: '1.5' }),
    });
    expect(parsed(body('PAY_REFUND', 'REFUND_SUCCESS', data))).to.include({ refundId: 'rf009', amount: '1.5' });
  });

  it('answers null (acknowledge and ignore) for a bizType the broker has no use for', () => {
    expect(parsed(body('PAYOUT', 'SUCCESS', '{}'))).to.equal(null);
  });

  it('refuses a PAY_SUCCESS without totalFee', () => {
    const result = parseNotification(body('PAY', 'PAY_SUCCESS', `{"merchantTradeNo":"${TRADE}","currency":"USDT"}`), SIGNED_AT);
    expect(result.ok).to.equal(false);
  });

  it('refuses a totalFee in exponent form rather than guess its value', () => {
    const result = parseNotification(body('PAY', 'PAY_SUCCESS', payData.replace('0.88000000', '8.8e-1')), SIGNED_AT);
    expect(result.ok).to.equal(false);
  });

  it('refuses data that is not a JSON string', () => {
    const raw = `{"bizType":"PAY","bizIdStr":"1","bizStatus":"PAY_SUCCESS","data":{"merchantTradeNo":"${TRADE}"}}`;
    const result = parseNotification(raw, SIGNED_AT);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.contain('data');
  });

  it('refuses an envelope without bizIdStr', () => {
    const raw = `{"bizType":"PAY","bizId":29383937493038367292,"bizStatus":"PAY_SUCCESS","data":${JSON.stringify(payData)}}`;
    const result = parseNotification(raw, SIGNED_AT);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error).to.contain('bizIdStr');
  });
});
