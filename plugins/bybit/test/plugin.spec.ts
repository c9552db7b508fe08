import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { PLUGIN_API_VERSION } from '@mixpay-broker/plugin-api';
import { harness, requiredSettings } from './fixtures.js';

describe('bybit plugin entry', () => {
  it('declares the plugin API version it is built for, matching the manifest', async () => {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      name: string;
      mixpayBroker: { name: string; apiVersion: string; entry: string; settingsSchema: string };
    };
    const entry = (await import(new URL(`../${manifest.mixpayBroker.entry}`, import.meta.url).href)) as { default: { apiVersion: string } };
    const schema = (await import(new URL(`../${manifest.mixpayBroker.settingsSchema}`, import.meta.url).href)) as {
      default: { safeParse(v: unknown): { success: boolean } };
    };
    expect(manifest.name).to.equal('@mixpay-broker/plugin-bybit');
    expect(manifest.mixpayBroker.name).to.equal('bybit');
    expect(entry.default.apiVersion).to.equal(PLUGIN_API_VERSION);
    expect(manifest.mixpayBroker.apiVersion).to.equal(PLUGIN_API_VERSION);
    expect(schema.default.safeParse(requiredSettings()).success).to.equal(true);
  });

  it('serves its own checkout page', async () => {
    const { instance } = await harness();
    expect(instance.routes?.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['GET /checkout/:payment']);
  });
});
