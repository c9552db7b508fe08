/*
 * The admin API from the browser. The token lives in this tab's sessionStorage only (gone when the
 * tab closes) and travels as a bearer header on each call: never in a URL, never in a cookie, so
 * no other site can make the browser send it.
 */

const TOKEN_KEY = 'mixpay-broker.admin-token';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** The broker refused the token (or there is none): back to the sign-in page. */
export class SignedOut extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, token = session.token()): Promise<Answer<T>> {
  if (!token) throw new SignedOut('Sign in with the admin token.');
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'omit',
    cache: 'no-store',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 401) {
    session.signOut();
    throw new SignedOut('The broker refused the token. Sign in again.');
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** GET that must answer 200; anything else is an error naming what the broker said. */
export async function get<T>(path: string): Promise<Answer<T>> {
  const answer = await call<T>('GET', path);
  if (answer.status !== 200) throw new Error(problemOf(answer));
  return answer;
}

export function post<T>(path: string, body?: unknown): Promise<Answer<T>> {
  return call<T>('POST', path, body);
}

/** What went wrong, in the broker's words when it gave any. */
export function problemOf(answer: Answer<unknown>): string {
  const b = answer.body as { error?: unknown; result?: unknown } | null;
  const said = typeof b?.error === 'string' ? b.error : typeof b?.result === 'string' ? b.result.replaceAll('_', ' ') : '';
  return `The broker answered ${answer.status}${said ? `: ${said}` : ''}`;
}
