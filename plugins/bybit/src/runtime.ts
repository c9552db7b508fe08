import type { PluginContext } from '@mixpay-broker/plugin-api';
import { createBybitClient, type BybitClient } from './bybit-client.js';
import { KeyedLock } from '@mixpay-broker/plugin-api';
import type { BybitSettings } from './settings.js';
import { BybitStore } from './store.js';

/** What the provider flows and the checkout route of one wallet identifier share. */
export interface BybitRuntime {
  readonly ctx: PluginContext<BybitSettings>;
  readonly client: BybitClient;
  readonly store: BybitStore;
  /** `trade:<merchantTradeNo>` while creating. */
  readonly locks: KeyedLock;
}

export function createRuntime(ctx: PluginContext<BybitSettings>): BybitRuntime {
  return {
    ctx,
    client: createBybitClient(ctx.settings, ctx.logger, ctx.clock),
    store: new BybitStore(ctx.store),
    locks: new KeyedLock(),
  };
}
