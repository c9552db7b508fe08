import { expect } from 'chai';
import settingsSchema from '../src/settings.js';
import { API_KEY, API_SECRET } from './fixtures.js';

const base = { apiKey: API_KEY, apiSecret: API_SECRET };

const messages = (input: unknown): string[] => {
  const result = settingsSchema.safeParse(input);
  if (result.success) throw new Error('expected the settings to be refused');
  return result.error.issues.map((issue) => issue.message);
};

describe('binance settings', () => {
  it('fills every default from the key and secret alone', () => {
    expect(settingsSchema.parse(base)).to.deep.equal({
      ...base,
      baseUrl: 'https://bpay.binanceapi.com',
      terminalType: 'WEB',
      goods: {
        goodsType: '02',
        goodsCategory: 'Z000',
        referenceGoodsId: 'mixpay-order',
        goodsName: 'MixPay order',
        description: 'Payment through MixPay',
      },
      webhookToleranceSeconds: 300,
      requestTimeoutMs: 10000,
      maxOrderLifetimeSeconds: 3600,
    });
  });

  it('fills the goods defaults inside a partial goods object', () => {
    expect(settingsSchema.parse({ ...base, goods: { goodsName: 'Tickets' } }).goods).to.include({
      goodsName: 'Tickets',
      goodsType: '02',
      goodsCategory: 'Z000',
    });
  });

  it('accepts another base URL, terminal type and limits', () => {
    const parsed = settingsSchema.parse({
      ...base,
      baseUrl: 'http://127.0.0.1:9999',
      terminalType: 'WAP',
      requestTimeoutMs: 50,
      maxOrderLifetimeSeconds: 900,
    });
    expect(parsed).to.include({
      baseUrl: 'http://127.0.0.1:9999',
      terminalType: 'WAP',
      requestTimeoutMs: 50,
      maxOrderLifetimeSeconds: 900,
    });
  });

  it('refuses a missing apiKey and apiSecret, naming both', () => {
    expect(messages({})).to.deep.equal(['apiKey must be a string', 'apiSecret must be a string']);
  });

  it('refuses a short apiSecret, naming apiSecret', () => {
    expect(messages({ ...base, apiSecret: 'short' })).to.deep.equal(['apiSecret must be at least 16 characters']);
  });

  it('refuses a base URL that is not http(s), naming baseUrl', () => {
    expect(messages({ ...base, baseUrl: 'ftp://bpay.binanceapi.com' })).to.deep.equal([
      'baseUrl must be an http(s) URL such as https://bpay.binanceapi.com',
    ]);
  });

  it('refuses an unknown terminal type, naming terminalType and the allowed values', () => {
    expect(messages({ ...base, terminalType: 'PC' })).to.deep.equal(['terminalType must be one of APP, WEB, WAP, MINI_PROGRAM, OTHERS']);
  });

  it('refuses a bad goods type and category, naming the goods fields', () => {
    expect(messages({ ...base, goods: { goodsType: '03', goodsCategory: 'Z001' } })).to.deep.equal([
      'goods.goodsType must be "01" (tangible) or "02" (virtual)',
      'goods.goodsCategory must be a Binance category code such as "Z000" (others)',
    ]);
  });

  it('refuses a fractional tolerance, naming webhookToleranceSeconds', () => {
    expect(messages({ ...base, webhookToleranceSeconds: 1.5 })).to.deep.equal([
      'webhookToleranceSeconds must be a whole number of seconds',
    ]);
  });

  it('refuses a timeout given as text, naming requestTimeoutMs', () => {
    expect(messages({ ...base, requestTimeoutMs: '10000' })).to.deep.equal(['requestTimeoutMs must be a whole number of milliseconds']);
  });

  it('refuses an order lifetime beyond 15 days, naming maxOrderLifetimeSeconds', () => {
    expect(messages({ ...base, maxOrderLifetimeSeconds: 15 * 86400 + 1 })).to.deep.equal([
      'maxOrderLifetimeSeconds must be at most 1296000',
    ]);
  });

  it('refuses an unknown top-level key, naming it and the allowed ones', () => {
    expect(messages({ ...base, apiSecrett: 'x' })).to.deep.equal([
      'unknown setting "apiSecrett" (allowed: apiKey, apiSecret, baseUrl, terminalType, goods, webhookToleranceSeconds, requestTimeoutMs, maxOrderLifetimeSeconds)',
    ]);
  });

  it('refuses an unknown key inside goods, naming it and the allowed ones', () => {
    expect(messages({ ...base, goods: { price: '1' } })).to.deep.equal([
      'unknown key in goods: "price" (allowed: goodsType, goodsCategory, referenceGoodsId, goodsName, description)',
    ]);
  });
});
