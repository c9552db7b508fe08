/** A request to a route a plugin serves under `/plugins/<wallet>/…` (a checkout page, a form post). */
export interface PluginHttpRequest {
  readonly method: string;
  /** The path below `/plugins/<wallet>`. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  /** Fields of an urlencoded or JSON object body. */
  readonly form: Readonly<Record<string, string>>;
}

export interface PluginHttpResponse {
  readonly status: number;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface PluginRoute {
  readonly method: 'GET' | 'POST';
  /**
   * The host refuses a POST that does not come from one of the broker's own pages (its Origin or
   * Referer must be PUBLIC_URL), so a page action cannot be forged by another site. A route that
   * must take a provider's cross-site form post sets `'allow'` and checks that post itself.
   */
  readonly crossSite?: 'allow';
  /** Below `/plugins/<wallet>`, with `:name` parameters: `/checkout/:payment`. */
  readonly path: string;
  handle(request: PluginHttpRequest): Promise<PluginHttpResponse>;
}

/**
 * Every answer of a plugin route gets security headers from the host, which the plugin cannot
 * weaken: HTML pages a Content-Security-Policy (no scripts, no framing, inline styles and data:
 * images allowed), all answers `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`
 * and `Cache-Control: no-store`.
 */
export const html = (body: string, status = 200): PluginHttpResponse => ({
  status,
  contentType: 'text/html; charset=utf-8',
  body,
});

/** 303: after a form post the browser follows with a GET. */
export const redirect = (location: string): PluginHttpResponse => ({ status: 303, headers: { location } });

export const notFound = (): PluginHttpResponse => ({ status: 404, contentType: 'text/plain', body: 'not found' });

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** The look every plugin page shares: a centred card, a heading, a big amount, notes. */
const BASE_STYLE = `
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:12px;box-shadow:0 2px 12px #0002;padding:2rem;max-width:26rem;width:100%}
h1{font-size:1.1rem;color:#555;margin:0 0 1rem}
.amount{font-size:2rem;font-weight:600;margin:.5rem 0}
.note{background:#fff4d6;border-radius:8px;padding:.75rem;font-size:.9rem}
`;

/**
 * A complete HTML page for a plugin's own route: `title` is escaped here, `content` must already
 * be escaped by the caller; `style` adds the plugin's own rules to the shared look.
 */
export function htmlPage(title: string, content: string, style = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${BASE_STYLE}${style}</style>
</head>
<body><main>
${content}
</main></body>
</html>
`;
}
