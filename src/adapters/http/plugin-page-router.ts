import Router, { type RouterContext } from '@koa/router';
import type { Middleware } from 'koa';
import type { PluginRoute } from '../../plugin-api/http.js';
import type { RequestState } from './middleware/request-context.js';
import { decodePathParam } from './security/untrusted-text.js';

/** Serves one matched page; `params` are decoded and safe. */
export type ServePage = (ctx: RouterContext<RequestState>, route: PluginRoute, params: Record<string, string>) => Promise<void>;

/**
 * One wallet's pages on @koa/router, under `/plugins/<wallet>`: case-sensitive, an optional trailing
 * slash, the first of the plugin's routes that matches wins. A parameter that does not decode safely
 * (see decodePathParam) means the path is not this route: the request goes on, and ends as a 404.
 */
export function pluginPageRouter(wallet: string, routes: readonly PluginRoute[], serve: ServePage): Middleware<RequestState> {
  const router = new Router<RequestState>({ prefix: `/plugins/${wallet}`, sensitive: true });
  for (const route of routes) {
    router.register(route.path, [route.method], async (ctx, next) => {
      // The raw captures, not ctx.params: the router decodes leniently and keeps a malformed escape as sent.
      if ((ctx.captures ?? []).some((raw) => raw !== undefined && decodePathParam(raw) === null)) return next();
      await serve(ctx, route, { ...ctx.params });
    });
  }
  // The router sets ctx.params itself; Koa's Middleware type does not know that field.
  return router.routes() as Middleware<RequestState>;
}
