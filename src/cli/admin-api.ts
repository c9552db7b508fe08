import { CliError, type CliIo } from './io.js';

/** What a refusal means for the command at hand, by HTTP status. */
export type Explanations = Readonly<Record<number, string>>;

export interface AdminAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The running broker's admin API, at BROKER_URL (default http://localhost:8080) with ADMIN_TOKEN.
 * An answer that is not 2xx becomes a CliError naming the call and what the broker said.
 */
export class AdminApi {
  private readonly base: string;
  private readonly token: string;

  constructor(env: CliIo['env']) {
    this.base = (env.BROKER_URL?.trim() || 'http://localhost:8080').replace(/\/+$/, '');
    const token = env.ADMIN_TOKEN?.trim();
    if (!token) throw new CliError("ADMIN_TOKEN is not set: this command talks to the broker's admin API (see BROKER_URL, ADMIN_TOKEN)");
    this.token = token;
  }

  get(path: string, explain?: Explanations): Promise<AdminAnswer> {
    return this.call('GET', path, explain);
  }

  post(path: string, explain?: Explanations): Promise<AdminAnswer> {
    return this.call('POST', path, explain);
  }

  private async call(method: string, path: string, explain: Explanations = {}): Promise<AdminAnswer> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' } });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (e as Error).message;
      throw new CliError(`cannot reach the broker at ${this.base} (${why}); is BROKER_URL right?`);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    if (res.status === 401) throw new CliError(`${method} ${path}: 401 unauthorized: ADMIN_TOKEN is not this broker's admin token`);
    if (res.status < 200 || res.status >= 300) {
      const why = explain[res.status];
      throw new CliError(`${method} ${path}: ${res.status} ${describe(body)}${why ? ` (${why})` : ''}`);
    }
    return { status: res.status, body };
  }
}

/** `{"error": "order not found"}` → `order not found`; `{"result": "not_failed"}` → `not_failed`. */
function describe(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.error === 'string') return b.error;
    if (typeof b.result === 'string') return b.result;
  }
  return typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body);
}
