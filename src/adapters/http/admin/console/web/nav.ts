/* The console's address is its hash (`#/orders?status=paid`): the page is one document, always /admin/ui. */

export interface Route {
  readonly path: readonly string[];
  readonly params: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

export function hashFor(path: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return `#/${path}${query ? `?${query}` : ''}`;
}

export function go(path: string, params?: URLSearchParams): void {
  const next = hashFor(path, params);
  if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = next;
}

export const orderHash = (traceId: string): string => `#/orders/${encodeURIComponent(traceId)}`;
