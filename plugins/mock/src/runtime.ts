import type { PluginContext } from '@mixpay-broker/plugin-api';
import { KeyedLock } from '@mixpay-broker/plugin-api';
import type { MockSettings } from './settings.js';
import { MockStore } from './store.js';

/** What the provider flows and the checkout routes of one wallet identifier share. */
export interface MockRuntime {
  readonly ctx: PluginContext<MockSettings>;
  readonly store: MockStore;
  /** `trade:<merchantTradeNo>` while creating, `payment:<id>` while changing a payment. */
  readonly locks: KeyedLock;
}

export function createRuntime(ctx: PluginContext<MockSettings>): MockRuntime {
  return { ctx, store: new MockStore(ctx.store, ctx.settings.webhookSecret), locks: new KeyedLock() };
}
