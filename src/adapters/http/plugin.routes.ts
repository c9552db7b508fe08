import type { Middleware } from 'koa';
import type { PluginHost } from '../../plugin-host/plugin-host.js';
import { logContext } from '../logging/log-context.js';
import { formBody } from './body.js';
import type { RequestState } from './middleware/request-context.js';
import { fromOwnOrigin } from './security/same-origin.js';

const PREFIX = /^\/plugins\/([a-z0-9_-]{1,20})(\/.*)$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Pages a plugin serves itself, under `/plugins/<wallet>/…`, looked up at request time. The host
 * checks what every page needs, so no plugin has to: a POST must come from our own pages (CSRF),
 * and query or form values with control characters never reach the plugin.
 */
export function pluginRoutes(host: PluginHost, publicOrigin: string): Middleware<RequestState> {
  const parseBody = formBody();
  return async (ctx, next) => {
    const m = PREFIX.exec(ctx.path);
    const state = m ? host.state(m[1]!) : undefined;
    const hit = state?.status === 'active' ? state.routes?.match(ctx.method, m![2]!) : null;
    if (!state || !hit) return next();
    if (ctx.method !== 'GET' && hit.route.crossSite !== 'allow' && !fromOwnOrigin(ctx.headers, publicOrigin)) {
      ctx.state.log.warn({ wallet: state.id, origin: ctx.get('origin') || null }, 'cross-site post to a plugin page refused');
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
    if ([form, query].some((fields) => Object.entries(fields).some(([k, v]) => CONTROL.test(k) || CONTROL.test(v)))) {
      ctx.status = 400;
      ctx.type = 'text/plain';
      ctx.body = 'bad request';
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.headers)) if (typeof v === 'string') headers[k] = v;

    logContext.add({ wallet: state.id });
    const res = await hit.route.handle({
      method: ctx.method,
      path: m![2]!,
      params: hit.params,
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
