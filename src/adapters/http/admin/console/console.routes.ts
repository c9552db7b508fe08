import Router from '@koa/router';
import type { RequestState } from '../../middleware/request-context.js';
import { ADMIN_PREFIX } from '../admin-gate.js';
import { consoleAssets } from './console-assets.js';

export const CONSOLE_PATH = `${ADMIN_PREFIX}/ui`;

/**
 * The only admin paths served without the token, exactly as spelled here (GET and HEAD): the
 * console's page and its code, which carry no data. The browser must load them to show the
 * sign-in form; every call they make for data goes through the admin gate with the token.
 */
export const CONSOLE_ASSET_PATHS: ReadonlySet<string> = new Set([
  CONSOLE_PATH,
  `${CONSOLE_PATH}/console.js`,
  `${CONSOLE_PATH}/console.css`,
]);

/**
 * The console's page loads only its own script and stylesheet and talks only to the broker: no
 * inline script or style, nothing from elsewhere, never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** `GET /admin/ui`: the operator's console (a page, its script, its stylesheet). */
export function consoleRoutes(): Router<RequestState> {
  const router = new Router<RequestState>({ strict: true, sensitive: true });
  const serve = (path: string, pick: 'html' | 'js' | 'css') =>
    router.get(path, async (ctx) => {
      const asset = (await consoleAssets())[pick];
      ctx.type = asset.type;
      ctx.body = asset.body;
    });
  serve(CONSOLE_PATH, 'html');
  serve(`${CONSOLE_PATH}/console.js`, 'js');
  serve(`${CONSOLE_PATH}/console.css`, 'css');
  return router;
}
