import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { MemoryStore } from '@mixpay-broker/plugin-api/testing';
import { harness, notification, PAY_ID } from './fixtures.js';

/*
 * The replay guard remembers each accepted notification in the plugin store. The host keeps store
 * keys in a varchar(255), and Bybit's platform key may be 2048 or 4096 bits (a 344- or 684-character
 * base64 signature), so the key must not be the signature text itself; and one signature written in
 * two base64 spellings (the spare low bits of the last character) is still one notification.
 */

const STORE_KEY_LIMIT = 255;

const body = `{"paymentType":"E_COMMERCE","merchantId":"305142568","merchantTradeNo":"0b4e2a3c111142228333000000000001","payId":"${PAY_ID}","status":"PAY_SUCCESS","amount":"10.605","currency":"USDT","currencyType":"crypto","createTime":1748779100,"paymentTime":1748779150,"finishTime":1748779160}`;

const rsa = (modulusLength: number) =>
  generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

/** The same signature bytes in another base64 spelling: the last character's unused bits set. */
function respelled(signature: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const padding = signature.length - signature.replace(/=+$/, '').length;
  const at = signature.length - padding - 1;
  const spare = padding === 2 ? 0b1111 : 0b11; // bits of the last character that carry no data
  const respelt = signature.slice(0, at) + alphabet[alphabet.indexOf(signature[at]!) | spare] + signature.slice(at + 1);
  expect(Buffer.from(respelt, 'base64').equals(Buffer.from(signature, 'base64')), 'the same bytes').to.equal(true);
  expect(respelt, 'another spelling').to.not.equal(signature);
  return respelt;
}

describe('bybit replay guard', () => {
  for (const bits of [2048, 4096]) {
    it(`keeps its store keys within the host's ${STORE_KEY_LIMIT} characters with a ${bits}-bit platform key`, async () => {
      const platform = rsa(bits);
      const store = new MemoryStore();
      const h = await harness({ platformPublicKey: platform.publicKey }, store);
      const result = await h.instance.verifyWebhook(notification(body, h.clock, { privateKey: platform.privateKey }));
      expect(result.ok, 'the genuine notification is accepted').to.equal(true);
      const keys = store.keys('sig:');
      expect(keys, 'one delivery remembered').to.have.length(1);
      expect(keys[0]!.length, `store key ${keys[0]}`).to.be.at.most(STORE_KEY_LIMIT);
    });
  }

  it('refuses a replay whose signature is the same bytes spelt differently in base64', async () => {
    const h = await harness();
    const first = notification(body, h.clock);
    expect((await h.instance.verifyWebhook(first)).ok, 'the first delivery is accepted').to.equal(true);
    const replay = { ...first, headers: { ...first.headers, signature: respelled(first.headers['signature']!) } };
    const again = await h.instance.verifyWebhook(replay);
    expect(again.ok, 'the respelt replay is refused').to.equal(false);
    if (!again.ok) expect(again.error.reason).to.equal('stale');
  });
});
