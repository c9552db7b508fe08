import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { PLUGIN_API_VERSION } from '@mixpay-broker/plugin-api';
import { API_KEY, API_SECRET, expectNoSecretsLogged, harness } from './fixtures.js';

interface Manifest {
  name: string;
  peerDependencies: Record<string, string>;
  mixpayBroker: { name: string; apiVersion: string; entry: string; settingsSchema: string };
}

describe('binance plugin entry', () => {
  afterEach(expectNoSecretsLogged);

  it('declares the manifest the host loads: name, API version, entry and settings schema', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as Manifest;
    expect(manifest.name).to.equal('@mixpay-broker/plugin-binance');
    expect(manifest.peerDependencies).to.deep.equal({ '@mixpay-broker/plugin-api': '1.0.0' });
    expect(manifest.mixpayBroker).to.deep.equal({
      name: 'binance',
      apiVersion: PLUGIN_API_VERSION,
      entry: './src/index.ts',
      settingsSchema: './src/settings.ts',
    });
    const entry = (await import(new URL(`../${manifest.mixpayBroker.entry}`, import.meta.url).href)) as { default: { apiVersion: string } };
    const schema = (await import(new URL(`../${manifest.mixpayBroker.settingsSchema}`, import.meta.url).href)) as {
      default: { safeParse(v: unknown): { success: boolean } };
    };
    expect(entry.default.apiVersion).to.equal(PLUGIN_API_VERSION);
    expect(schema.default.safeParse({ apiKey: API_KEY, apiSecret: API_SECRET }).success).to.equal(true);
  });

  it('creates a provider with the five wallet operations and no routes of its own', async () => {
    const { instance } = await harness();
    for (const op of ['createCheckout', 'verifyWebhook', 'queryPayment', 'closePayment', 'refund'] as const) {
      expect(instance[op], op).to.be.a('function');
    }
    expect(instance.routes).to.equal(undefined);
  });
});
