import type { Context, Middleware } from 'koa';

export interface RequestObserver {
  requestAnswered(route: string, method: string, status: number, seconds: number): void;
}

/** Plugin pages are matched by the plugin host at request time, not by a router. */
const PLUGIN_PAGE = /^\/plugins\/[a-z0-9_-]{1,20}\//;

/**
 * The route label: the pattern the router matched (`/admin/orders/:traceId`), never the raw path,
 * so a caller cannot mint series. Anything no router matched (404s, the admin gate's 401s) is one label.
 */
export function routeLabel(ctx: Context): string {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  if (typeof matched === 'string') return matched;
  if (PLUGIN_PAGE.test(ctx.path) && ctx.status !== 404) return '/plugins/:wallet/*';
  return 'unmatched';
}

/** Counts and times every answer, whatever answered it (outermost, so the status is final). */
export function httpMetrics(observer: RequestObserver): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      observer.requestAnswered(routeLabel(ctx), ctx.method, ctx.status, seconds);
    }
  };
}
