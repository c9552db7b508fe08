import { definePlugin, PLUGIN_API_VERSION } from '@mixpay-broker/plugin-api';
import { createProvider } from './flows.js';
import { createRoutes } from './routes.js';
import { createRuntime } from './runtime.js';
import type { MockSettings } from './settings.js';

/** The mock wallet: a checkout page with Pay / Fail buttons, signed webhooks, faults on request. */
export default definePlugin<MockSettings>({
  apiVersion: PLUGIN_API_VERSION,
  create(ctx) {
    const runtime = createRuntime(ctx);
    return { ...createProvider(runtime), routes: createRoutes(runtime) };
  },
});

export { signMockWebhook } from './transformers.js';
