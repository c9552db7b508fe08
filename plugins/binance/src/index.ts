import { definePlugin, PLUGIN_API_VERSION } from '@mixpay-broker/plugin-api';
import { createProvider } from './flows.js';
import type { BinanceSettings } from './settings.js';

/** Binance Pay: signed v3 orders, RSA-verified webhooks, query, close and refund. One instance per wallet identifier. */
export default definePlugin<BinanceSettings>({
  apiVersion: PLUGIN_API_VERSION,
  create(ctx) {
    return createProvider(ctx);
  },
});
