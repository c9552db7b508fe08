import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { discoverPlugins } from '../../src/plugin-host/plugin-discovery.js';

/*
 * The shipped plugins and the scaffold's template have one shape (docs/writing-a-wallet-plugin.md,
 * "The shape of a plugin"): flows.ts builds the provider, transformers.ts holds the wire format,
 * webhook.ts the verification, index.ts hands flows.ts's provider to the host. A plugin that drifts
 * from it, or a template that drifts from the plugins, fails here.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FILES = ['index', 'settings', 'flows', 'transformers', 'webhook'] as const;

const shipped = (await discoverPlugins(join(REPO, 'plugins'))).plugins.map((p) => ({ name: p.name, src: join(p.dir, 'src'), ext: '.ts' }));
const template = { name: 'the plugin:new template', src: join(REPO, 'scripts', 'plugin-template', 'src'), ext: '.ts.tmpl' };

describe('plugin shape: flows + transformers (+ webhook, + routes)', () => {
  it('finds the shipped plugins', () => {
    expect(shipped.map((p) => p.name)).to.include.members(['mock', 'binance', 'bybit']);
  });

  for (const { name, src, ext } of [...shipped, template]) {
    const read = (file: (typeof FILES)[number]) => readFileSync(join(src, `${file}${ext}`), 'utf8');

    it(`${name} has src/{${FILES.join(',')}}.ts`, () => {
      expect(
        FILES.filter((file) => !existsSync(join(src, `${file}${ext}`))),
        'missing',
      ).to.deep.equal([]);
    });

    it(`${name}: flows.ts exports createProvider with verifyWebhook from webhook.ts, and index.ts serves it`, () => {
      expect(read('flows')).to.match(/^export function createProvider\(/m);
      expect(read('flows')).to.match(/verifyWebhook: createWebhookVerifier\(/);
      expect(read('webhook')).to.match(/^export function createWebhookVerifier\(/m);
      expect(read('index')).to.include("import { createProvider } from './flows.js';");
    });

    it(`${name}: transformers.ts does no I/O (no client, store or context)`, () => {
      expect(read('transformers')).to.not.match(/createHttpClient|PluginContext|\.store\b|fetch\(/);
    });
  }
});
