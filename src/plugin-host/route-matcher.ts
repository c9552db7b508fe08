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
      c.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1]!);
      });
      return { route: c.route, params };
    }
    return null;
  }
}
