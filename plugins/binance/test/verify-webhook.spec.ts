import { expect } from 'chai';
import nock from 'nock';
import type { WebhookRejection } from '@mixpay-broker/plugin-api';
import { BASE_URL, expectNoSecretsLogged, harness, type Harness } from './fixtures.js';
import { certificatesAnswer, nextNonce, testCertificate, webhookHeaders, type TestCertificate } from './webhook-fixtures.js';

const CERTS = '/binancepay/openapi/certificates';

const paySuccessBody = () =>
  JSON.stringify({
    bizType: 'PAY',
    bizIdStr: '29383937493038367',
    bizStatus: 'PAY_SUCCESS',
    data: JSON.stringify({
      merchantTradeNo: '0b4e2a3c11114222833300000000abcd',
      totalFee: 10.605,
      currency: 'USDT',
      transactTime: 1748779200000,
    }),
  });

describe('binance verifyWebhook', () => {
  let cert: TestCertificate;
  let other: TestCertificate;
  before(() => {
    cert = testCertificate();
    other = testCertificate();
  });
  afterEach(expectNoSecretsLogged);

  /** Signs `rawBody` with `signer` (timestamp = now unless given) and verifies it. */
  const deliver = (h: Harness, rawBody: string, signer = cert, timestampMs = h.clock.now().getTime(), nonce = nextNonce()) =>
    h.instance.verifyWebhook({ rawBody, headers: webhookHeaders(signer, rawBody, timestampMs, nonce), receivedAt: h.clock.now() });

  const expectRejected = (result: { ok: boolean; error?: WebhookRejection }, reason: WebhookRejection['reason']) => {
    expect(result.ok).to.equal(false);
    expect(result.error?.reason).to.equal(reason);
  };

  it('accepts a body signed with the key from /certificates (signed call, body {}) and acks as Binance wants', async () => {
    const h = await harness();
    const scope = nock(BASE_URL)
      .matchHeader('binancepay-signature', /^[0-9A-F]{128}$/)
      .post(CERTS, {})
      .reply(200, certificatesAnswer(cert));
    const result = await deliver(h, paySuccessBody());
    scope.done();
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.ack).to.deep.equal({
      status: 200,
      contentType: 'application/json',
      body: '{"returnCode":"SUCCESS","returnMessage":null}',
    });
    expect(result.value.event?.kind).to.equal('payment.succeeded');
  });

  it('picks the key whose certSerial equals the Certificate-SN header among several', async () => {
    const h = await harness();
    nock(BASE_URL).post(CERTS).reply(200, certificatesAnswer(other, cert));
    expect((await deliver(h, paySuccessBody())).ok).to.equal(true);
  });

  it('accepts a key served as bare base64 without PEM armour', async () => {
    const h = await harness();
    const bare = cert.publicPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    nock(BASE_URL)
      .post(CERTS)
      .reply(200, { status: 'SUCCESS', code: '000000', data: [{ certSerial: cert.serial, certPublic: bare }] });
    expect((await deliver(h, paySuccessBody())).ok).to.equal(true);
  });

  it('fetches the certificates once and keeps them for later deliveries', async () => {
    const h = await harness();
    const scope = nock(BASE_URL).post(CERTS).once().reply(200, certificatesAnswer(cert));
    expect((await deliver(h, paySuccessBody())).ok).to.equal(true);
    expect((await deliver(h, paySuccessBody())).ok).to.equal(true);
    scope.done();
  });

  it('refuses a body altered after signing', async () => {
    const h = await harness();
    nock(BASE_URL).post(CERTS).reply(200, certificatesAnswer(cert));
    const body = paySuccessBody();
    const headers = webhookHeaders(cert, body, h.clock.now().getTime(), nextNonce());
    const result = await h.instance.verifyWebhook({ rawBody: body.replace('10.605', '99.605'), headers, receivedAt: h.clock.now() });
    expectRejected(result, 'bad_signature');
  });

  it('refuses a body signed with another key under a known serial', async () => {
    const h = await harness();
    nock(BASE_URL).post(CERTS).reply(200, certificatesAnswer(cert));
    const body = paySuccessBody();
    const headers = { ...webhookHeaders(other, body, h.clock.now().getTime(), nextNonce()), 'binancepay-certificate-sn': cert.serial };
    expectRejected(await h.instance.verifyWebhook({ rawBody: body, headers, receivedAt: h.clock.now() }), 'bad_signature');
  });

  it('refuses a genuine signature older than webhookToleranceSeconds as stale', async () => {
    const h = await harness({ webhookToleranceSeconds: 300 });
    nock(BASE_URL).post(CERTS).reply(200, certificatesAnswer(cert));
    expectRejected(await deliver(h, paySuccessBody(), cert, h.clock.now().getTime() - 301_000), 'stale');
  });

  it('refuses a timestamp beyond the tolerance in the future as stale', async () => {
    const h = await harness({ webhookToleranceSeconds: 300 });
    nock(BASE_URL).post(CERTS).reply(200, certificatesAnswer(cert));
    expectRejected(await deliver(h, paySuccessBody(), cert, h.clock.now().getTime() + 301_000), 'stale');
  });

  it('refuses a replayed delivery (same nonce, same signature) as stale, and records the nonce', async () => {
    const h = await harness();
    nock(BASE_URL).post(CERTS).reply(200, certificatesAnswer(cert));
    const body = paySuccessBody();
    const headers = webhookHeaders(cert, body, h.clock.now().getTime(), 'ReplayReplayReplayReplayReplay00');
    expect((await h.instance.verifyWebhook({ rawBody: body, headers, receivedAt: h.clock.now() })).ok).to.equal(true);
    expect(await h.store.get('nonce:ReplayReplayReplayReplayReplay00')).to.not.equal(null);
    expectRejected(await h.instance.verifyWebhook({ rawBody: body, headers, receivedAt: h.clock.now() }), 'stale');
  });

  it('fetches the certificates again once for an unknown serial, then refuses it', async () => {
    const h = await harness();
    let calls = 0;
    nock(BASE_URL)
      .post(CERTS)
      .times(5)
      .reply(200, () => (calls++, certificatesAnswer(cert)));
    expect((await deliver(h, paySuccessBody())).ok).to.equal(true);
    expectRejected(await deliver(h, paySuccessBody(), other), 'bad_signature');
    expect(calls).to.equal(2);
  });

  it('accepts a rotated key found by the one re-fetch', async () => {
    const h = await harness();
    const scope = nock(BASE_URL).post(CERTS).reply(200, certificatesAnswer(cert)).post(CERTS).reply(200, certificatesAnswer(cert, other));
    expect((await deliver(h, paySuccessBody())).ok).to.equal(true);
    expect((await deliver(h, paySuccessBody(), other)).ok).to.equal(true);
    scope.done();
  });

  it('does not re-fetch for a second unknown serial within 30 s (no call flood from forged serials)', async () => {
    const h = await harness();
    let calls = 0;
    nock(BASE_URL)
      .post(CERTS)
      .times(5)
      .reply(200, () => (calls++, certificatesAnswer(cert)));
    await deliver(h, paySuccessBody());
    await deliver(h, paySuccessBody(), other);
    await deliver(h, paySuccessBody(), other);
    expect(calls).to.equal(2);
    h.clock.advanceSeconds(31);
    await deliver(h, paySuccessBody(), other, h.clock.now().getTime());
    expect(calls).to.equal(3);
  });

  it('refuses as bad_signature when the certificates cannot be fetched', async () => {
    const h = await harness();
    nock(BASE_URL).post(CERTS).reply(200, { status: 'FAIL', code: '400004', errorMessage: 'Invalid API-key' });
    expectRejected(await deliver(h, paySuccessBody()), 'bad_signature');
  });

  for (const header of ['binancepay-timestamp', 'binancepay-nonce', 'binancepay-signature', 'binancepay-certificate-sn']) {
    it(`refuses a delivery without ${header}`, async () => {
      const h = await harness();
      const body = paySuccessBody();
      const headers = webhookHeaders(cert, body, h.clock.now().getTime(), nextNonce());
      delete headers[header];
      expectRejected(await h.instance.verifyWebhook({ rawBody: body, headers, receivedAt: h.clock.now() }), 'bad_signature');
    });
  }

  it('refuses a timestamp in seconds-with-garbage form without fetching keys', async () => {
    const h = await harness();
    const body = paySuccessBody();
    const headers = { ...webhookHeaders(cert, body, h.clock.now().getTime(), nextNonce()), 'binancepay-timestamp': '1.7e12' };
    expectRejected(await h.instance.verifyWebhook({ rawBody: body, headers, receivedAt: h.clock.now() }), 'bad_signature');
  });

  it('refuses a correctly signed body that is not JSON as malformed', async () => {
    const h = await harness();
    nock(BASE_URL).post(CERTS).reply(200, certificatesAnswer(cert));
    expectRejected(await deliver(h, '{"bizType":"PAY",'), 'malformed');
  });
});
