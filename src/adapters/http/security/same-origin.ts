/**
 * Whether a state-changing request comes from one of our own pages. Browsers send `Origin` on every
 * cross-site POST; `Referer` and `Sec-Fetch-Site` are the fall-backs. A request carrying none of
 * them is refused: a form post from a page of ours always carries one.
 */
export function fromOwnOrigin(headers: Readonly<Record<string, string | string[] | undefined>>, ownOrigin: string): boolean {
  const one = (name: string): string | undefined => {
    const v = headers[name];
    return Array.isArray(v) ? undefined : v; // a repeated header is ambiguous: treat as absent
  };
  const origin = one('origin');
  if (origin !== undefined) return origin === ownOrigin; // includes the opaque "null" origin: refused
  const referer = one('referer');
  if (referer !== undefined) return originOf(referer) === ownOrigin;
  return one('sec-fetch-site') === 'same-origin';
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
