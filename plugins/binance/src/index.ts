import { definePlugin, PLUGIN_API_VERSION } from '@mixpay-broker/plugin-api';
import { createBinanceApi } from './api.js';
import { createCertificateCache } from './certificates.js';
import { createFlows } from './flows.js';
import type { BinanceSettings } from './settings.js';
import { createWebhookVerifier } from './webhook.js';

/** Binance Pay: signed v3 orders, RSA-verified webhooks, query, close and refund. One instance per wallet identifier. */
export default definePlugin<BinanceSettings>({
  apiVersion: PLUGIN_API_VERSION,
  create(ctx) {
    const api = createBinanceApi(ctx.settings, ctx.logger, ctx.clock);
    const certificates = createCertificateCache(api, ctx.logger, ctx.clock);
    return { ...createFlows(ctx, api), verifyWebhook: createWebhookVerifier(ctx, certificates) };
  },
});
