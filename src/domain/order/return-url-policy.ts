/**
 * Where the broker's /return route may send a payer's browser. Anyone can register a return_url
 * through create_order, so without a policy the route is an open redirect.
 */
export interface ReturnUrlPolicy {
  /** Plain http targets; for development only. */
  readonly allowHttp: boolean;
  /**
   * When non-empty, the target's host (with its port, if not the default) must be one of these: exact, or a
   * subdomain of a "*.example.com" entry.
   */
  readonly allowedHosts: readonly string[];
}

export const DEFAULT_RETURN_URL_POLICY: ReturnUrlPolicy = { allowHttp: false, allowedHosts: [] };

/** Why `url` is not an allowed target, phrased to follow "return_url"; null when it is allowed. */
export function returnUrlProblem(url: string, policy: ReturnUrlPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return policy.allowHttp ? 'must be an http(s) URL' : 'must be an https URL';
  }
  const scheme = parsed.protocol;
  if (scheme !== 'https:' && !(policy.allowHttp && scheme === 'http:')) {
    return policy.allowHttp ? 'must be an http(s) URL' : 'must be an https URL';
  }
  // A user name can also disguise the real host: https://mixpay.me@evil.example/.
  // The parser drops an empty user info (`https://:@host/`), so the text itself is checked too.
  const authority = /^[a-z][a-z0-9+.-]*:[\\/]*([^\\/?#]*)/i.exec(url.trim())?.[1] ?? '';
  if (parsed.username !== '' || parsed.password !== '' || authority.includes('@')) return 'must not contain credentials';
  if (policy.allowedHosts.length > 0 && !policy.allowedHosts.some((entry) => hostMatches(parsed.host, entry))) {
    return 'is not on an allowed host';
  }
  return null;
}

/** `host` is URL.host: lower case, with the port only when it is not the scheme's default. */
function hostMatches(host: string, entry: string): boolean {
  if (!entry.startsWith('*.')) return host === entry;
  const suffix = entry.slice(1); // ".example.com"
  return host.length > suffix.length && host.endsWith(suffix);
}
