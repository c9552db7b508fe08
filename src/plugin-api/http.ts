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
  /** Below `/plugins/<wallet>`, with `:name` parameters: `/checkout/:payment`. */
  readonly path: string;
  handle(request: PluginHttpRequest): Promise<PluginHttpResponse>;
}

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
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
