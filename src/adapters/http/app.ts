import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import { parameterError } from '../../application/orders/mixpay-error.js';
import { failure } from './mixpay/envelope.js';
import type { Logger } from '../../domain/ports/logger.port.js';
import type { AccessLog } from '../logging/pino-logger.js';
import type { PluginHost } from '../../plugin-host/plugin-host.js';
import { adminGate } from './admin/admin-gate.js';
import { adminRoutes, type AdminRouteDeps } from './admin/admin.routes.js';
import { CONSOLE_ASSET_PATHS, CONSOLE_CSP, CONSOLE_PATH, consoleRoutes } from './admin/console/console.routes.js';
import { httpMetrics, type RequestObserver } from './metrics/http-metrics.js';
import { metricsGate } from './metrics/metrics-gate.js';
import { metricsRoutes, type MetricsExposition } from './metrics/metrics.routes.js';
import { clientAddress } from './middleware/client-address.js';
import { errorBoundary } from './middleware/error-boundary.js';
import { mixpayCallers } from './middleware/mixpay-callers.js';
import { requestContext, type RequestState } from './middleware/request-context.js';
import { assetsRangeFastLane } from './mixpay/assets-range-fast-lane.js';
import { mixpayDocs } from './mixpay/mixpay.docs.js';
import { mixpayRoutes, type MixPayRouteDeps } from './mixpay/mixpay.routes.js';
import { adminDocs } from './admin/admin.docs.js';
import { operationsDocs } from './admin/operations.docs.js';
import { walletDocs } from './admin/wallets.docs.js';
import { apiInfo } from './openapi/api-info.js';
import { buildOpenApi, type OpenApiDocument } from './openapi/build-openapi.js';
import { openApiRoutes } from './openapi/openapi.routes.js';
import { opsDocs } from './openapi/ops.docs.js';
import { operationKey, type RouteDoc } from './openapi/route-doc.js';
import { returnDocs } from './return.docs.js';
import { webhookDocs } from './webhook.docs.js';
import { pluginRoutes } from './plugin.routes.js';
import { readinessRoute } from './readiness.route.js';
import type { CheckReadiness } from '../../application/operations/check-readiness.query.js';
import { returnRoutes } from './return.routes.js';
import { isUnder } from './security/canonical-path.js';
import { securityHeaders } from './security/security-headers.js';
import type { ReturnRedirect } from '../../application/orders/return-redirect.use-case.js';
import { webhookRoutes, type WebhookRouteDeps } from './webhook.routes.js';

export interface HttpAppDeps extends MixPayRouteDeps, WebhookRouteDeps {
  readonly logger: Logger;
  readonly accessLog: AccessLog;
  /** PUBLIC_URL's origin: plugin page actions must come from it, and the OpenAPI document names it. */
  readonly publicOrigin: string;
  readonly plugins: PluginHost;
  readonly returnRedirect: ReturnRedirect;
  /** Null keeps the admin API off. */
  readonly admin: AdminRouteDeps | null;
  readonly treasuryMode: string;
  /** GET /readyz: the database, migrations, plugins and workers. */
  readonly readiness: CheckReadiness;
  /** Config http.trustedProxies and mixpay.allowFrom. */
  readonly networks: { readonly trustedProxies: readonly string[]; readonly mixpayAllowFrom: readonly string[] };
  readonly metrics: MixPayRouteDeps['metrics'] & WebhookRouteDeps['metrics'] & RequestObserver & MetricsExposition;
  /** Config metrics.public: /metrics without the admin token. */
  readonly metricsPublic: boolean;
}

/** One route the routers serve: what the route-table security test walks. */
export interface RouteEntry {
  readonly methods: readonly string[];
  readonly path: string;
}

export interface HttpApp {
  readonly app: Koa<RequestState>;
  /** Every route of the routers (plugin pages, looked up at request time, are not in it). */
  readonly routes: readonly RouteEntry[];
  /** What GET /openapi.json answers: every route above, described. */
  readonly openapi: OpenApiDocument;
  /** Answers assets/range's plain success in front of the app (see assets-range-fast-lane.ts); false: the app answers. */
  readonly fastLane: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** The broker's HTTP face: MixPay's API, wallet webhooks, the return route, plugin pages, admin. */
export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const app = new Koa<RequestState>({ proxy: false }); // X-Forwarded-For is read only by clientAddress, from trusted proxies
  app.silent = true; // errors are logged by the boundary, with the request id

  const health = new Router<RequestState>();
  health.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', treasury: deps.treasuryMode };
  });
  health.get('/readyz', readinessRoute(deps.readiness));

  let openapi: OpenApiDocument | null = null;
  const routers = [health, openApiRoutes(() => openapi!), mixpayRoutes(deps), webhookRoutes(deps), returnRoutes(deps.returnRedirect)];
  if (deps.admin) routers.push(adminRoutes(deps.admin), consoleRoutes());
  if (deps.admin || deps.metricsPublic) routers.push(metricsRoutes(deps.metrics)); // no token and not public: nobody may read it

  app.use(httpMetrics(deps.metrics));
  app.use(clientAddress(deps.networks.trustedProxies));
  app.use(requestContext(deps.logger, deps.accessLog));
  app.use(securityHeaders(new Map([[CONSOLE_PATH, CONSOLE_CSP]])));
  app.use(errorBoundary());
  // Before every router: authentication must not depend on how a router spells or matches paths.
  app.use(adminGate(deps.admin?.token ?? null, CONSOLE_ASSET_PATHS)); // the console's page and code load before sign-in
  app.use(metricsGate({ public: deps.metricsPublic, token: deps.admin?.token ?? null }));
  app.use(mixpayCallers(deps.networks.mixpayAllowFrom));
  app.use(pluginRoutes(deps.plugins, deps.publicOrigin));
  for (const r of routers) app.use(r.routes());
  app.use(async (ctx) => {
    if (isUnder(ctx.path, '/mixpay')) {
      // MixPay reads only the envelope: even a wrong path or method answers 200 with one.
      ctx.status = 200;
      ctx.body = failure(parameterError('path', `${ctx.method} ${ctx.path} is not a MixPay broker call`));
      return;
    }
    ctx.status = 404;
    ctx.body = { error: 'not found' };
  });
  const routes = routers.flatMap((r) =>
    r.stack.filter((layer) => layer.methods.length > 0).map((layer) => ({ methods: [...layer.methods], path: String(layer.path) })),
  );
  openapi = buildOpenApi(servedDocs(deps, routes), apiInfo(deps.publicOrigin));
  const fastLane = assetsRangeFastLane({
    getAssetRanges: deps.getAssetRanges,
    trustedProxies: deps.networks.trustedProxies,
    mixpayAllowFrom: deps.networks.mixpayAllowFrom,
    accessLog: deps.accessLog,
    metrics: deps.metrics,
  });
  return { app, routes, openapi, fastLane };
}

/** The docs of every route module, kept to the routes this app serves (the admin API may be off, the sandbox absent). */
function servedDocs(deps: HttpAppDeps, routes: readonly RouteEntry[]): RouteDoc[] {
  const served = new Set(routes.flatMap((r) => r.methods.map((m) => operationKey(m, r.path))));
  const all = [
    ...opsDocs(deps.metricsPublic),
    ...mixpayDocs(deps.orderPolicy, () => deps.clock.now()),
    ...webhookDocs,
    ...returnDocs,
    ...adminDocs,
    ...operationsDocs,
    ...walletDocs,
  ];
  return all.filter((d) => served.has(operationKey(d.method, d.path)));
}
