import type { Middleware } from 'koa';
import type { PluginHost } from '../../plugin-host/plugin-host.js';
import type { WalletState } from '../../plugin-host/wallet-state.js';
import type { RequestState } from './middleware/request-context.js';
import { pluginPages } from './plugin-page.js';
import { pluginPageRouter } from './plugin-page-router.js';

const WALLET = /^\/plugins\/([a-z0-9_-]{1,20})\//;

/**
 * Pages a plugin serves itself, under `/plugins/<wallet>/…`. The wallet is looked up at request time,
 * so a config reload swaps its pages with it; each loaded wallet gets its own router, kept as long
 * as that load is.
 */
export function pluginRoutes(host: PluginHost, publicOrigin: string): Middleware<RequestState> {
  const serve = pluginPages(publicOrigin);
  const routers = new WeakMap<WalletState, Middleware<RequestState>>();
  return async (ctx, next) => {
    // Plugin routes are GET or POST; HEAD and the rest are for nobody's page.
    if (ctx.method !== 'GET' && ctx.method !== 'POST') return next();
    const wallet = WALLET.exec(ctx.path)?.[1];
    const state = wallet === undefined ? undefined : host.state(wallet);
    if (state?.status !== 'active') return next();
    let router = routers.get(state);
    if (!router) {
      router = pluginPageRouter(state.id, state.provider?.routes ?? [], serve(state.id));
      routers.set(state, router);
    }
    return router(ctx, next);
  };
}
