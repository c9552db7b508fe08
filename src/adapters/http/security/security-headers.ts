import type { Middleware } from 'koa';

/**
 * Plugin pages may carry inline styles and images (a QR code as a data: URI) but no scripts, may not
 * be framed (clickjacking a Pay button) and load nothing from elsewhere. `form-action` is left out on
 * purpose: browsers apply it to the redirects after a post, and the Pay button ends at MixPay.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data: https:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Headers every answer gets, whoever wrote it (host or plugin): no MIME sniffing, no referrer, no
 * caching of order data anywhere; HTML pages also get the CSP above. Set after the handler runs,
 * so a plugin cannot forget them and cannot weaken them. `hostPages` gives the host's own pages
 * (the admin console, which runs its own script) their CSP, by exact path: plugins serve only
 * under /plugins, so none can claim one.
 */
/** What every answer carries (see securityHeaders). */
export const BASE_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

export function securityHeaders(hostPages: ReadonlyMap<string, string> = new Map()): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      ctx.set(BASE_SECURITY_HEADERS);
      if (ctx.response.is('html')) {
        ctx.set('content-security-policy', hostPages.get(ctx.path) ?? PAGE_CSP);
        ctx.set('x-frame-options', 'DENY');
      }
    }
  };
}
