import nock from 'nock';

/*
 * A fake provider API on nock, for conformance fixtures and plugin specs: each handler sees the
 * request as the provider would (method, path, query, lower-case headers, the raw body byte for
 * byte), and answers a status and a JSON (or text) body. No socket is opened; with the network
 * disabled, a call nobody handles fails like an unreachable host.
 */

export interface FakeHttpRequest {
  readonly method: string;
  /** The path below the fake's base URL, without the query string: `/v1/payments/abc`. */
  readonly path: string;
  /** The path and query string exactly as sent, below the base URL: `/v1/payments?reference=abc`. */
  readonly target: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as sent: what a provider verifies a signature over. */
  readonly rawBody: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

export interface FakeHttpReply {
  /** Default 200. */
  readonly status?: number;
  /** Serialised with JSON.stringify; for exact number text, pass `body` instead. */
  readonly json?: unknown;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type FakeHttpHandler = (request: FakeHttpRequest) => FakeHttpReply | Promise<FakeHttpReply>;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export class FakeHttpApi {
  /** Every request handled, in order. */
  readonly requests: FakeHttpRequest[] = [];
  private readonly origin: string;
  private readonly prefix: string;
  private readonly interceptors: nock.Interceptor[] = [];
  private readonly scope: nock.Scope;
  private lastRawBody = '';

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.scope = nock(this.origin).persist();
    // Emitted with the raw body just before the reply function runs (which only sees it parsed).
    this.scope.on('request', (_req: unknown, _interceptor: unknown, body: string | undefined) => {
      this.lastRawBody = body ?? '';
    });
  }

  /**
   * Answers `method` on `path` (below the base URL): an exact path, a `:param` pattern
   * (`/v1/payments/:id`), or a RegExp tested against the path without its query string.
   */
  on(method: Method, path: string | RegExp, handler: FakeHttpHandler): this {
    const matches = pathMatcher(path);
    // nock calls reply() with its own `this`; the handler still needs this fake's origin.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const api = this;
    const interceptor = this.scope.intercept((uri: string) => {
      const pathname = new URL(uri, this.origin).pathname;
      return pathname.startsWith(this.prefix) && matches(pathname.slice(this.prefix.length) || '/');
    }, method);
    interceptor.reply(async function (this: { req: { headers: Record<string, unknown> } }, uri: string) {
      const url = new URL(uri, api.origin);
      const rawBody = api.lastRawBody;
      const asSent = uri.startsWith('/') ? uri : `${url.pathname}${url.search}`;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(this.req.headers))
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      const request: FakeHttpRequest = {
        method,
        path: url.pathname.slice(api.prefix.length) || '/',
        target: asSent.slice(api.prefix.length),
        query: url.searchParams,
        headers,
        rawBody,
        json: parseOrUndefined(rawBody),
      };
      api.requests.push(request);
      const reply = await handler(request);
      const body = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
      const contentType = reply.body === undefined ? 'application/json' : 'text/plain';
      return [reply.status ?? 200, body, { 'content-type': contentType, ...reply.headers }];
    });
    this.interceptors.push(interceptor);
    return this;
  }

  /** The handled requests to one path (exact), in order. */
  requestsTo(method: Method, path: string): FakeHttpRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** Removes this fake's interceptors. */
  close(): void {
    for (const interceptor of this.interceptors.splice(0)) nock.removeInterceptor(interceptor);
    this.scope.persist(false);
  }
}

/** A fake API answering below `baseUrl`; add routes with `.on(…)`. */
export function fakeHttpApi(baseUrl: string): FakeHttpApi {
  return new FakeHttpApi(baseUrl);
}

function pathMatcher(path: string | RegExp): (pathname: string) => boolean {
  if (path instanceof RegExp) return (pathname) => path.test(pathname);
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  const pattern = new RegExp(`^${source}/?$`);
  return (pathname) => pattern.test(pathname);
}

function parseOrUndefined(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The value of a `:param` in a path matched by `pattern`: `pathParam('/v1/payments/:id', '/v1/payments/p1', 'id')` is `p1`. */
export function pathParam(pattern: string, path: string, name: string): string | undefined {
  const names = pattern.split('/');
  const parts = path.split('/');
  const index = names.indexOf(`:${name}`);
  const value = index === -1 ? undefined : parts[index];
  return value === undefined ? undefined : decodeURIComponent(value);
}
