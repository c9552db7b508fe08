import type { PluginRoute } from '../plugin-api/http.js';

interface CompiledRoute {
  readonly route: PluginRoute;
  readonly pattern: RegExp;
  readonly names: string[];
}

/** Matches a plugin's own routes (`/checkout/:payment`) against a path below `/plugins/<wallet>`. */
export class RouteMatcher {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly PluginRoute[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((seg) => {
          if (seg.startsWith(':')) {
            names.push(seg.slice(1));
            return '([^/]+)';
          }
          return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  match(method: string, path: string): { route: PluginRoute; params: Record<string, string> } | null {
    for (const c of this.compiled) {
      if (c.route.method !== method) continue;
      const m = c.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (const [i, n] of c.names.entries()) {
        const value = decodeParam(m[i + 1]!);
        if (value === null) return null; // a path no route can mean: not found, whatever the plugin
        params[n] = value;
      }
      return { route: c.route, params };
    }
    return null;
  }
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** A decoded path parameter, or null for a malformed escape or a control character (NUL never reaches a plugin's store). */
function decodeParam(raw: string): string | null {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return CONTROL.test(value) || value.includes('/') ? null : value;
}
