import { expect } from 'chai';
import settingsSchema from '../src/settings.js';
import { API_KEY, API_SECRET, MERCHANT_ID, PLATFORM_KEYS, requiredSettings } from './fixtures.js';

const messages = (input: Record<string, unknown>): string[] => {
  const result = settingsSchema.safeParse({ ...requiredSettings(), ...input });
  if (result.success) throw new Error('expected the settings to be refused');
  return result.error.issues.map((issue) => issue.message);
};

describe('bybit settings', () => {
  it('fills the defaults from the four required settings', () => {
    expect(settingsSchema.parse(requiredSettings())).to.deep.equal({
      merchantId: MERCHANT_ID,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      platformPublicKey: PLATFORM_KEYS.publicKey.trim(),
      baseUrl: 'https://api2.bybit.com',
      recvWindowMs: 5000,
      webhookToleranceSeconds: 300,
      requestTimeoutMs: 10000,
      shoppingName: 'MixPay',
      goodsName: 'MixPay payment',
      maxOrderLifetimeSeconds: 3600,
    });
  });

  it('accepts a PEM written on one line with literal \\n, as environment variables often carry it', () => {
    const oneLine = PLATFORM_KEYS.publicKey.replaceAll('\n', '\\n');
    expect(settingsSchema.parse({ ...requiredSettings(), platformPublicKey: oneLine }).platformPublicKey).to.equal(
      PLATFORM_KEYS.publicKey.trim(),
    );
  });

  it('accepts the key as bare base64 without the BEGIN and END lines', () => {
    const bare = PLATFORM_KEYS.publicKey.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replaceAll('\n', '');
    expect(settingsSchema.parse({ ...requiredSettings(), platformPublicKey: bare }).platformPublicKey).to.equal(
      PLATFORM_KEYS.publicKey.trim(),
    );
  });

  it('drops a trailing slash from baseUrl', () => {
    expect(settingsSchema.parse({ ...requiredSettings(), baseUrl: 'https://api2-testnet.bybit.com/' }).baseUrl).to.equal(
      'https://api2-testnet.bybit.com',
    );
  });

  it('refuses a missing API secret, naming apiSecret and where it comes from', () => {
    const { apiSecret: _dropped, ...rest } = requiredSettings();
    const result = settingsSchema.safeParse(rest);
    expect(result.success).to.equal(false);
    if (!result.success)
      expect(result.error.issues.map((i) => i.message)).to.deep.equal([
        'apiSecret must be a string (the Bybit Pay API secret; read it from the environment with {"env": "…"})',
      ]);
  });

  it('refuses an empty merchantId', () => {
    expect(messages({ merchantId: '' })).to.deep.equal([
      'merchantId must not be empty (the merchant UID from the Bybit Pay merchant portal)',
    ]);
  });

  it('refuses a platform public key that is not an RSA public key PEM', () => {
    expect(messages({ platformPublicKey: 'not a key' })).to.deep.equal([
      'platformPublicKey must be an RSA public key (PEM, or its bare base64), as downloaded from the Bybit merchant portal',
    ]);
  });

  it("refuses a receive window above Bybit's 10000 ms", () => {
    expect(messages({ recvWindowMs: 10001 })).to.deep.equal(["recvWindowMs must be at most 10000 (Bybit's maximum)"]);
  });

  it("refuses an order lifetime above Bybit's one hour", () => {
    expect(messages({ maxOrderLifetimeSeconds: 7200 })).to.deep.equal([
      "maxOrderLifetimeSeconds must be at most 3600 (Bybit's maximum, 1 hour)",
    ]);
  });

  it('refuses a fractional request timeout', () => {
    expect(messages({ requestTimeoutMs: 1.5 })).to.deep.equal(['requestTimeoutMs must be a whole number of milliseconds']);
  });

  it('refuses an MCC code that is not 4 digits', () => {
    expect(messages({ mccCode: '58' })).to.deep.equal(['mccCode must be 4 digits (an ISO 18245 merchant category code)']);
  });

  it('refuses a baseUrl that is not http(s)', () => {
    expect(messages({ baseUrl: 'ftp://api2.bybit.com' })).to.deep.equal(['baseUrl must be an http(s) URL such as https://api2.bybit.com']);
  });

  it('refuses an unknown setting, naming it and the allowed ones', () => {
    const [message] = messages({ apiSecrett: 'x' });
    expect(message).to.match(/^unknown setting "apiSecrett" \(allowed: merchantId, apiKey, apiSecret, platformPublicKey, baseUrl, /);
  });
});
