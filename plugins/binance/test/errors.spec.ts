import { expect } from 'chai';
import nock from 'nock';
import type { WalletFailure } from '@mixpay-broker/plugin-api';
import { BASE_URL, checkoutRequest, expectNoSecretsLogged, failure, harness } from './fixtures.js';

const CREATE = '/binancepay/openapi/v3/order';

async function createFailure(answer: (scope: nock.Interceptor) => nock.Scope, settings: Record<string, unknown> = {}) {
  const h = await harness(settings);
  // The same answer to every attempt: a create is retried after 429, 5xx, a network error or a timeout.
  const scope = answer(nock(BASE_URL).persist().post(CREATE));
  const result = await h.instance.createCheckout(checkoutRequest());
  scope.done();
  if (result.ok) throw new Error('expected a failure');
  return { failure: result.error, logger: h.logger };
}

const expectFailure = (failure: WalletFailure, reason: WalletFailure['reason'], retryable: boolean, providerCode?: string) => {
  expect(failure.reason).to.equal(reason);
  expect(failure.retryable).to.equal(retryable);
  expect(failure.providerCode).to.equal(providerCode);
};

describe('binance error codes', () => {
  afterEach(expectNoSecretsLogged);

  it('400000 (unknown error) is unavailable and retryable', async () => {
    const { failure: f } = await createFailure((i) => i.reply(200, failure('400000', 'unknown error')));
    expectFailure(f, 'unavailable', true, '400000');
  });

  it('400002 (bad signature) is rejected, not retryable, and says to check apiSecret', async () => {
    const { failure: f } = await createFailure((i) => i.reply(400, failure('400002', 'Signature for this request is not valid.')));
    expectFailure(f, 'rejected', false, '400002');
    expect(f.message).to.contain('apiSecret');
  });

  it('400003 (timestamp) is rejected and points at the clock', async () => {
    const { failure: f } = await createFailure((i) => i.reply(200, failure('400003')));
    expectFailure(f, 'rejected', false, '400003');
    expect(f.message).to.contain('clock');
  });

  it('400004 (API key or IP) is rejected, not retryable', async () => {
    const { failure: f } = await createFailure((i) => i.reply(200, failure('400004', 'Invalid API-key, IP, or permissions for action.')));
    expectFailure(f, 'rejected', false, '400004');
  });

  it('400005 (API key format) is rejected, not retryable', async () => {
    const { failure: f } = await createFailure((i) => i.reply(200, failure('400005')));
    expectFailure(f, 'rejected', false, '400005');
  });

  it('a 4001xx parameter error is rejected, not retryable', async () => {
    const { failure: f } = await createFailure((i) => i.reply(200, failure('400102', 'orderAmount out of range')));
    expectFailure(f, 'rejected', false, '400102');
    expect(f.message).to.contain('orderAmount out of range');
  });

  it('HTTP 5xx without an envelope is unavailable and retryable', async () => {
    const { failure: f } = await createFailure((i) => i.reply(502, '<html>Bad Gateway</html>'));
    expectFailure(f, 'unavailable', true, undefined);
  });

  it('HTTP 503 with an unlisted code is unavailable and retryable', async () => {
    const { failure: f } = await createFailure((i) => i.reply(503, failure('499999')));
    expectFailure(f, 'unavailable', true, '499999');
  });

  it('HTTP 429 is unavailable and retryable', async () => {
    const { failure: f } = await createFailure((i) => i.reply(429, 'Too Many Requests'));
    expectFailure(f, 'unavailable', true, undefined);
  });

  it('a 403 page (wrong path at CloudFront) is an invalid response', async () => {
    const { failure: f } = await createFailure((i) => i.reply(403, '<html>403 ERROR</html>'));
    expectFailure(f, 'invalid_response', false, undefined);
  });

  it('a network error is unavailable and retryable', async () => {
    const { failure: f } = await createFailure((i) => i.replyWithError('socket hang up'));
    expectFailure(f, 'unavailable', true, undefined);
  });

  it('an answer slower than requestTimeoutMs is a retryable timeout', async () => {
    const { failure: f } = await createFailure((i) => i.delay(300).reply(200, failure('000000')), { requestTimeoutMs: 50 });
    expectFailure(f, 'timeout', true, undefined);
  });

  it('logs the Binance code and message, never the secret or the signature', async () => {
    const { logger } = await createFailure((i) => i.reply(200, failure('400004', 'Invalid API-key')));
    const line = logger.lines.find((l) => l.fields['provider_code'] === '400004');
    expect(line, 'a log line with provider_code 400004').to.not.equal(undefined);
    expect(line!.level).to.equal('warn');
    expect(line!.fields).to.include({ provider_message: 'Invalid API-key', path: CREATE });
    expect(line!.message).to.contain('400004');
  });
});
