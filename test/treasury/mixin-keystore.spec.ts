import { createPublicKey } from 'node:crypto';
import { expect } from 'chai';
import { inspect } from 'node:util';
import { MixinApi } from '@mixin.dev/mixin-node-sdk';
import { MixinKeystore, MixinKeystoreError } from '../../src/adapters/treasury/mixin/keystore.js';
import { connectMixin, normaliseBaseUrl } from '../../src/adapters/treasury/mixin/mixin-client.js';
import { FakeMixin, generateTestBot } from '../support/fake-mixin/index.js';
import { USDT } from '../support/fixtures.js';
import { rejection } from './mixin-harness.js';

describe('Mixin keystore and client', () => {
  const bot = generateTestBot();

  it('parses a keystore and never shows its keys when logged or inspected', () => {
    const keystore = MixinKeystore.parse(bot.keystore);
    expect(keystore.appId).to.equal(bot.keystore.app_id);
    const shown = [JSON.stringify(keystore), inspect(keystore), String(keystore), JSON.stringify({ keystore })].join(' ');
    for (const secret of [bot.keystore.session_private_key, bot.keystore.spend_private_key]) expect(shown).not.to.contain(secret);
    expect(keystore.secrets()).to.have.members([bot.keystore.session_private_key, bot.keystore.spend_private_key]);
  });

  it('names the bad fields of an invalid keystore without echoing any value', () => {
    const bad = {
      ...bot.keystore,
      session_private_key: 'not-hex-' + bot.keystore.spend_private_key.slice(0, 20),
      spend_private_key: undefined,
    };
    let error: unknown;
    try {
      MixinKeystore.parse(bad);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(MixinKeystoreError);
    const message = (error as Error).message;
    expect(message).to.contain('session_private_key').and.contain('spend_private_key');
    expect(message).not.to.contain(bot.keystore.spend_private_key.slice(0, 20));
    expect(() => MixinKeystore.parseJson(`{"spend_private_key": "${bot.keystore.spend_private_key}"`)).to.throw(
      MixinKeystoreError,
      /not JSON/,
    );
  });

  it('keeps only the seed of a 64-byte (seed + public key) private key, and gives the SDK no session key', () => {
    const long = { ...bot.keystore, session_private_key: bot.keystore.session_private_key + bot.sessionPublicKey };
    const keystore = MixinKeystore.parse(long);
    const publicKey = createPublicKey(keystore.sessionKey()).export({ format: 'der', type: 'spki' }).subarray(-32);
    expect(publicKey.toString('hex')).to.equal(bot.sessionPublicKey);
    // Requests are signed by our adapter (request-signing.ts), not by the SDK.
    expect(keystore.sdkKeystore().session_private_key).to.equal('');
  });

  it('strips trailing slashes from the base URL and refuses what is not a URL', () => {
    expect(normaliseBaseUrl('https://api.mixin.one/')).to.equal('https://api.mixin.one');
    expect(normaliseBaseUrl('http://127.0.0.1:9/prefix//')).to.equal('http://127.0.0.1:9/prefix');
    expect(() => normaliseBaseUrl('api.mixin.one')).to.throw(/not a URL/);
    expect(() => normaliseBaseUrl('ftp://api.mixin.one')).to.throw(/http/);
  });

  describe('against the fake', () => {
    let fake: FakeMixin;
    before(async () => {
      fake = await FakeMixin.start(bot);
      fake.state.addAsset(USDT, 'USDT', '1');
    });
    after(async () => fake.close());

    it('a base URL with a trailing slash still signs requests the server accepts', async () => {
      const conn = connectMixin(MixinKeystore.parse(bot.keystore), { baseUrl: `${fake.url}/`, retries: 1 });
      const assets = await conn.sdk.safe.fetchAssets([USDT]);
      expect(assets.map((a) => a.asset_id)).to.deep.equal([USDT]);
    });

    it('(why) the SDK given that slash itself signs the wrong path and is refused', async () => {
      const raw = MixinApi({
        keystore: MixinKeystore.parse(bot.keystore).sdkKeystore(),
        requestConfig: { baseURL: `${fake.url}/`, retry: 1 },
      });
      const failure = await rejection(raw.safe.fetchAssets([USDT]));
      expect(failure).to.include({ code: 401 });
    });

    it("another bot's session key is refused (the fake checks every token)", async () => {
      const intruder = generateTestBot();
      const conn = connectMixin(MixinKeystore.parse({ ...intruder.keystore, app_id: bot.keystore.app_id }), {
        baseUrl: fake.url,
        retries: 1,
      });
      expect(await rejection(conn.sdk.safe.fetchAssets([USDT]))).to.include({ code: 401 });
    });
  });
});
