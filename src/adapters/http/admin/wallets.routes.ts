import Router from '@koa/router';
import type { BalanceLedger } from '../../../domain/ports/balance-ledger.port.js';
import type { OutputPool } from '../../../domain/ports/output-pool.port.js';
import type { PluginHost } from '../../../plugin-host/plugin-host.js';
import type { RequestState } from '../middleware/request-context.js';
import type { WalletView } from './wallets.docs.js';

export interface WalletRoutesDeps {
  readonly plugins: PluginHost;
  readonly ledger: BalanceLedger;
  /** The Mixin treasury's outputs per asset; empty (every pool null) in sandbox mode, where nothing is pooled. */
  readonly outputPool: Pick<OutputPool, 'sizes'>;
  /** Re-reads the config file and applies wallet changes; throws (changing nothing) when it is invalid. */
  readonly reload: () => Promise<void>;
}

/** Operators see every wallet identifier and switch them at run time. */
export function walletRoutes(deps: WalletRoutesDeps): Router<RequestState> {
  const router = new Router<RequestState>();

  router.get('/wallets', async (ctx) => {
    const states = deps.plugins.list();
    const assetIds = [...new Set(states.flatMap((s) => [...s.instance.assets.keys()]))];
    const [holdings, pools] = await Promise.all([deps.ledger.holdings(assetIds), deps.outputPool.sizes(assetIds, new Date())]);
    ctx.body = states.map((s): WalletView => {
      const rt = deps.plugins.runtimeState(s.id);
      return {
        wallet: s.id,
        plugin: s.instance.plugin,
        plugin_version: s.pluginVersion,
        enabled: s.instance.enabled,
        status: s.status,
        problem: s.problem,
        paused: rt.paused,
        tripped: rt.tripped,
        consecutive_failures: rt.consecutiveFailures,
        taking_orders: deps.plugins.active(s.id) !== undefined,
        assets: [...s.instance.assets.values()].map((a) => {
          const h = holdings.get(a.assetId);
          return {
            asset_id: a.assetId,
            currency: a.currency,
            min: a.min.toString(),
            max: a.max.toString(),
            fee: a.fee.toString(),
            balance: h?.balance.toString() ?? null,
            reserved: h?.reserved.toString() ?? null,
            available: h?.available.toString() ?? null,
            // Mixin only: free outputs (what parallel transfers run on) and those claimed by transfers in flight.
            output_pool: pools.get(a.assetId) ?? null,
          };
        }),
      };
    });
  });

  for (const [action, paused] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    router.post(`/wallets/:wallet/${action}`, async (ctx) => {
      const done = deps.plugins.setPaused(ctx.params.wallet!, paused);
      ctx.status = done ? 200 : 404;
      ctx.body = done ? { wallet: ctx.params.wallet, ...deps.plugins.runtimeState(ctx.params.wallet!) } : { error: 'unknown wallet' };
    });
  }

  router.post('/reload', async (ctx) => {
    try {
      await deps.reload();
      ctx.body = { reloaded: true, wallets: deps.plugins.list().map((s) => ({ wallet: s.id, status: s.status })) };
    } catch (e) {
      ctx.status = 422;
      ctx.body = { reloaded: false, error: (e as Error).message };
    }
  });

  return router;
}
