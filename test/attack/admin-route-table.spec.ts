import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { Dec } from '../../src/domain/money/decimal.js';
import type { RouteEntry } from '../../src/adapters/http/app.js';
import { CONSOLE_ASSET_PATHS } from '../../src/adapters/http/admin/console/console.routes.js';
import { rawRequest } from '../support/raw-http.js';
import { startTestBroker, type TestBroker } from '../support/test-broker.js';

/*
 * Walks every admin route the broker registers (so a new route is covered without touching this
 * file) with every spelling of its path and every kind of bad credential an attacker would try.
 * None may reach a handler: each answer is 401 from the gate in front of the routers. The one
 * exception is the console's static files (its page, script and stylesheet), which a browser must
 * load before it can sign in: they are walked too, and may answer only with themselves.
 */

const TOKEN = 'route-table-admin-token-0123456789abcdef';

/** A concrete path for a route pattern: `:wallet` is the mock wallet, any other parameter a UUID. */
const concrete = (pattern: string): string => pattern.replace(/:(\w+)/g, (_, name: string) => (name === 'wallet' ? 'mock' : randomUUID()));

/** Spellings of one path that a lenient router, a proxy or a decoder could take for it. */
export function pathVariants(path: string): string[] {
  const [, top = '', rest = ''] = /^\/([^/]+)(.*)$/.exec(path) ?? [];
  const encodeAll = (s: string) => [...s].map((c) => (/[a-z]/i.test(c) ? `%${c.charCodeAt(0).toString(16)}` : c)).join('');
  const hex = (c: string) => c.charCodeAt(0).toString(16);
  const mixedCase = [...top].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
  return [
    path,
    path.toUpperCase(),
    `/${top[0]!.toUpperCase()}${top.slice(1)}${rest}`,
    `/${mixedCase}${rest.toUpperCase()}`,
    `${path}/`,
    `${path}//`,
    `/${path}`,
    `//${path}`,
    `/${top}/${rest}`,
    `/%${hex(top[0]!)}${top.slice(1)}${rest}`,
    `/%${hex(top[0]!.toUpperCase())}${top.slice(1).toUpperCase()}${rest}`,
    `/%25${hex(top[0]!)}${top.slice(1)}${rest}`,
    `/${encodeAll(top)}${rest}`,
    `/${top}%2F${rest.slice(1)}`,
    `/${top}%2f${rest.slice(1)}`,
    `/${top}\\${rest.slice(1)}`,
    `/${top}/.${rest}`,
    `/x/..${path}`,
    `${path}?x=1`,
    `${path}#frag`,
    `${path};jsessionid=1`,
    `/${top}%20${rest}`.replace('%20/', '%20'),
  ];
}

/** Routes outside /admin that the admin token guards as well (unless their config makes them public). */
const ALSO_GUARDED = ['/metrics'];
const guarded = (route: RouteEntry) => route.path.startsWith('/admin') || ALSO_GUARDED.includes(route.path);

const BAD_CREDENTIALS: Record<string, Record<string, string>> = {
  none: {},
  'empty bearer': { authorization: 'Bearer ' },
  'wrong token': { authorization: 'Bearer not-the-admin-token-at-all-000000' },
  'token prefix': { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
  'token with a suffix': { authorization: `Bearer ${TOKEN}x` },
  'basic auth': { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
  'token as a bare header': { authorization: TOKEN },
  'token in another header': { 'x-admin-token': TOKEN },
};

function methodsOf(route: RouteEntry): string[] {
  const methods = new Set(route.methods);
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}

describe('admin route table: every admin route (and /metrics), every spelling, every bad credential', function () {
  this.timeout(120_000);
  let t: TestBroker;
  /** Every admin route but the console's static files: data and actions. */
  let adminRoutes: RouteEntry[];
  let consoleRoutes: RouteEntry[];

  before(async () => {
    t = await startTestBroker({ adminToken: TOKEN });
    adminRoutes = t.broker.routes.filter((r) => guarded(r) && !CONSOLE_ASSET_PATHS.has(r.path));
    consoleRoutes = t.broker.routes.filter((r) => CONSOLE_ASSET_PATHS.has(r.path));
  });
  after(() => t.close());

  it("finds the admin routes in the broker's route table (orders, search, actions, incoming, dashboard, wallets, reload, sandbox, metrics)", () => {
    const paths = adminRoutes.map((r) => r.path);
    for (const expected of [
      '/admin/orders',
      '/admin/orders/:traceId',
      '/admin/orders/:traceId/review',
      '/admin/orders/:traceId/retry-settlement',
      '/admin/orders/:traceId/refund/retry',
      '/admin/orders/:traceId/reconcile',
      '/admin/incoming',
      '/admin/dashboard',
      '/admin/wallets',
      '/admin/reload',
      '/admin/sandbox/incoming',
      '/metrics',
    ]) {
      expect(paths).to.include(expected);
    }
  });

  it('answers 401 to every variant of every admin route without a valid token', async () => {
    const reached: string[] = [];
    let tried = 0;
    for (const route of adminRoutes) {
      for (const method of methodsOf(route)) {
        for (const path of pathVariants(concrete(route.path))) {
          for (const [name, headers] of Object.entries(BAD_CREDENTIALS)) {
            const body = method === 'POST' ? JSON.stringify({ decision: 'settle', asset_id: randomUUID(), amount: '1' }) : undefined;
            const res = await rawRequest(t.url, {
              method,
              path,
              headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
              body,
            });
            tried++;
            if (res.status !== 401) reached.push(`${method} ${path} (${name}) → ${res.status}`);
          }
        }
      }
    }
    process.stdout.write(
      `      (admin route table: ${adminRoutes.length} routes, ${tried} requests, ${tried - reached.length} refused with 401)\n`,
    );
    expect(tried).to.be.greaterThan(1_000);
    expect(reached, `${reached.length} of ${tried} requests were not refused`).to.deep.equal([]);
  });

  it('lets the valid token through on the canonical path of every GET route (so the 401s above mean something)', async () => {
    for (const route of adminRoutes.filter((r) => r.methods.includes('GET'))) {
      const res = await rawRequest(t.url, { method: 'GET', path: concrete(route.path), headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, `GET ${route.path}`).to.not.equal(401);
      expect(res.status, `GET ${route.path}`).to.be.lessThan(500);
    }
  });

  it("opens without the token only the console's page, script and stylesheet: GET routes, nothing else under /admin/ui", () => {
    const underConsole = t.broker.routes.filter((r) => /^\/admin\/ui(\/|$)/i.test(r.path));
    expect(underConsole.map((r) => r.path).sort()).to.deep.equal(['/admin/ui', '/admin/ui/console.css', '/admin/ui/console.js']);
    expect([...CONSOLE_ASSET_PATHS].sort()).to.deep.equal(underConsole.map((r) => r.path).sort());
    for (const r of consoleRoutes)
      expect(
        r.methods.filter((m) => m !== 'HEAD'),
        r.path,
      ).to.deep.equal(['GET']);
  });

  it("answers the console's files only with themselves, the same to anyone, and 401 to every other spelling and method", async () => {
    const unexpected: string[] = [];
    let refused = 0;
    for (const route of consoleRoutes) {
      const genuine = await rawRequest(t.url, { method: 'GET', path: route.path, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(genuine.status, route.path).to.equal(200);
      expect(genuine.headers['content-type'], route.path).to.match(/^text\/(html|javascript|css); charset=utf-8$/);
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH']) {
        for (const path of pathVariants(route.path)) {
          for (const [name, headers] of Object.entries(BAD_CREDENTIALS)) {
            const res = await rawRequest(t.url, { method, path, headers });
            if (res.status === 401) refused++;
            else if (res.status !== 200 || !['GET', 'HEAD'].includes(method) || (method === 'GET' && res.body !== genuine.body)) {
              unexpected.push(`${method} ${path} (${name}) → ${res.status}`);
            }
          }
        }
      }
    }
    expect(unexpected).to.deep.equal([]);
    expect(refused).to.be.greaterThan(2_000);
  });

  it("answers 401 beside and below the console's files, where a lenient router might resolve to data", async () => {
    const trace = randomUUID();
    for (const path of [
      '/admin/ui/',
      '/admin/UI',
      '/admin/ui/Console.js',
      '/admin/uix',
      '/admin/ui.json',
      '/admin/ui/x',
      '/admin/ui/../wallets',
      '/admin/ui/./../wallets',
      `/admin/ui/console.js/../../orders/${trace}`,
      '/admin/ui%2F..%2Fwallets',
      '/admin/ui/..%2Fwallets',
      '/admin/ui\\..\\wallets',
      '/admin/ui;/../wallets',
    ]) {
      for (const method of ['GET', 'HEAD']) {
        expect((await rawRequest(t.url, { method, path })).status, `${method} ${path}`).to.equal(401);
      }
    }
  });

  it('leaves the wallets as they were after the walk (no disable, reload or sandbox credit got through)', async () => {
    const res = await rawRequest(t.url, { method: 'GET', path: '/admin/wallets', headers: { authorization: `Bearer ${TOKEN}` } });
    const wallets = JSON.parse(res.body) as { wallet: string; paused: boolean; assets: { balance: string | null }[] }[];
    expect(wallets.map((w) => [w.wallet, w.paused])).to.deep.equal([['mock', false]]);
    expect(wallets[0]!.assets.map((a) => new Dec(a.balance ?? 'NaN').toString())).to.deep.equal(['1000', '0.5']);
  });
});

describe('admin route table with the admin API off', () => {
  let t: TestBroker;
  before(async () => {
    t = await startTestBroker();
  });
  after(() => t.close());

  it('answers 404 to every spelling of an admin path, the console included, with or without a token', async () => {
    const answered = new Set<number>();
    const paths = ['/admin/wallets', '/admin/reload', '/admin/orders/x/review', '/admin/ui', '/admin/ui/console.js', '/metrics'];
    for (const path of paths.flatMap(pathVariants)) {
      for (const method of ['GET', 'POST']) {
        answered.add((await rawRequest(t.url, { method, path, headers: { authorization: `Bearer ${TOKEN}` } })).status);
      }
    }
    expect([...answered]).to.deep.equal([404]);
  });
});
