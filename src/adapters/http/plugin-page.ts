import type { RouterContext } from '@koa/router';
import type { PluginRoute } from '../../plugin-api/http.js';
import { logContext } from '../logging/log-context.js';
import { formBody } from './body.js';
import type { RequestState } from './middleware/request-context.js';
import type { ServePage } from './plugin-page-router.js';
import { fromOwnOrigin } from './security/same-origin.js';
import { hasControlCharacter } from './security/untrusted-text.js';

/**
 * Serves a wallet's plugin page once its route is found. The host checks what every page needs, so no plugin
 * has to: a POST must come from our own pages (CSRF), and query or form values with control
 * characters never reach the plugin. Security headers are added to every answer by securityHeaders().
 */
export function pluginPages(publicOrigin: string): (wallet: string) => ServePage {
  const parseBody = formBody();
  return (wallet) => async (ctx: RouterContext<RequestState>, route: PluginRoute, params: Record<string, string>) => {
    if (ctx.method !== 'GET' && route.crossSite !== 'allow' && !fromOwnOrigin(ctx.headers, publicOrigin)) {
      ctx.state.log.warn({ wallet, origin: ctx.get('origin') || null }, 'cross-site post to a plugin page refused');
      ctx.status = 403;
      ctx.type = 'text/plain';
      ctx.body = 'cross-site request refused';
      return;
    }
    if (ctx.method === 'POST') await parseBody(ctx, async () => {});
    const body = ctx.request.body;
    const form: Record<string, string> = {};
    if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v;
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.query)) if (typeof v === 'string') query[k] = v;
    if ([form, query].some((fields) => Object.entries(fields).some(([k, v]) => hasControlCharacter(k) || hasControlCharacter(v)))) {
      ctx.status = 400;
      ctx.type = 'text/plain';
      ctx.body = 'bad request';
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.headers)) if (typeof v === 'string') headers[k] = v;

    logContext.add({ wallet });
    const res = await route.handle({
      method: ctx.method,
      path: ctx.path.slice(`/plugins/${wallet}`.length),
      params,
      query,
      headers,
      rawBody: typeof ctx.request.rawBody === 'string' ? ctx.request.rawBody : '',
      form,
    });
    ctx.status = res.status;
    for (const [k, v] of Object.entries(res.headers ?? {})) ctx.set(k, v);
    if (res.contentType) ctx.type = res.contentType;
    if (res.body !== undefined) ctx.body = res.body;
  };
}
