import { definePlugin, PLUGIN_API_VERSION } from '@mixpay-broker/plugin-api';
import { createProvider } from './flows.js';
import { createRoutes } from './routes.js';
import { createRuntime } from './runtime.js';
import type { BybitSettings } from './settings.js';

/** Bybit Pay (QR / e-commerce): signed API calls, RSA-verified notifications, and its own checkout page. */
export default definePlugin<BybitSettings>({
  apiVersion: PLUGIN_API_VERSION,
  create(ctx) {
    const runtime = createRuntime(ctx);
    return { ...createProvider(runtime), routes: createRoutes(runtime) };
  },
});
