import axios, { type AxiosInstance } from 'axios';
import type { Logger } from './logger.js';
import { err, ok, type Result } from './result.js';

export interface HttpClientOptions {
  /** e.g. `https://bpay.binanceapi.com`; settable so tests and sandboxes can point elsewhere. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Extra attempts after a network error or timeout, for requests marked `retry: true`. */
  readonly retries?: number;
  /** First backoff delay; doubles per attempt (with jitter). */
  readonly backoffMs?: number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with any query string already encoded, e.g. `/v5/pay?x=1`. */
  readonly path: string;
  /**
   * Headers, or a function that makes them for each attempt: signed requests carry a timestamp,
   * so a retry must be signed again rather than resent with stale headers.
   */
  readonly headers?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>);
  /** Sent byte for byte: sign exactly this string. */
  readonly body?: string;
  /**
   * Only for requests that are safe to repeat (queries, idempotent calls): retried after a network
   * error or timeout, and after HTTP 429 or 5xx.
   */
  readonly retry?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw text, so callers can parse big numbers exactly (see parseJsonExact). */
  readonly body: string;
}

export interface HttpFailure {
  readonly kind: 'timeout' | 'network';
  readonly message: string;
}

export interface HttpClient {
  request(request: HttpRequest): Promise<Result<HttpResponse, HttpFailure>>;
}

/**
 * The HTTP client plugins share: a timeout on every call, retries with backoff only where asked,
 * one debug log line per call with method, path, status and duration. Headers and bodies are never
 * logged, so signatures and keys cannot leak through it.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    timeout: options.timeoutMs,
    responseType: 'text',
    transformResponse: [(data: unknown) => data], // keep the raw text
    validateStatus: () => true, // every status is an answer to interpret, not an exception
    maxRedirects: 0,
  });
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 200;

  return {
    async request(req) {
      const attempts = req.retry ? retries + 1 : 1;
      let last: HttpFailure = { kind: 'network', message: 'not sent' };
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const started = Date.now();
        try {
          const res = await http.request<string>({
            method: req.method,
            url: req.path,
            headers: typeof req.headers === 'function' ? { ...req.headers() } : req.headers ? { ...req.headers } : undefined,
            data: req.body,
          });
          options.logger.debug(
            { method: req.method, path: pathOnly(req.path), status: res.status, duration_ms: Date.now() - started, attempt },
            'provider call',
          );
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
          const answer = { status: res.status, headers, body: typeof res.data === 'string' ? res.data : '' };
          if (attempt < attempts && (res.status === 429 || res.status >= 500)) {
            await sleep(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
            continue;
          }
          return ok(answer);
        } catch (e) {
          const ax = e as { code?: string; message?: string };
          last = {
            kind: ax.code === 'ECONNABORTED' || ax.code === 'ETIMEDOUT' ? 'timeout' : 'network',
            message: ax.code ?? 'request failed',
          };
          // Debug: the outcome reaches the host, which reports a provider outage once per incident.
          options.logger.debug(
            { method: req.method, path: pathOnly(req.path), failure: last.kind, code: ax.code, duration_ms: Date.now() - started, attempt },
            'provider call failed',
          );
          if (attempt < attempts) await sleep(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
        }
      }
      return err(last);
    },
  };
}

/** Query strings can carry identifiers; the log keeps the path only. */
function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
